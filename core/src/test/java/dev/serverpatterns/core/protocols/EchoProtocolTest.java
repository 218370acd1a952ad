package dev.serverpatterns.core.protocols;

import static org.assertj.core.api.Assertions.assertThat;

import dev.serverpatterns.core.ProtocolSession;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@Timeout(60)
class EchoProtocolTest {

    static LongStream seeds() {
        long base = Long.getLong("serverpatterns.seed", System.nanoTime());
        System.out.println("EchoProtocolTest base seed = " + base + " (replay: -Dserverpatterns.seed=" + base + ")");
        return LongStream.range(0, 20).map(i -> base + i);
    }

    /** Drives a session as an event loop would: random input chunks, random output room. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void echoesEveryByteInOrderWhateverTheChunking(long seed) {
        var random = new Random(seed);
        byte[] input = new byte[random.nextInt(200_000)];
        random.nextBytes(input);
        int cap = 1024 + random.nextInt(8192);
        ProtocolSession session = new EchoProtocol().newSession(cap);
        var output = new ByteArrayOutputStream();
        ByteBuffer in = ByteBuffer.wrap(input);
        for (int rounds = 0; rounds < 1_000_000 && (in.hasRemaining() || session.hasOutput()); rounds++) {
            int chunk = Math.min(in.remaining(), 1 + random.nextInt(10_000));
            ByteBuffer slice = in.slice(in.position(), chunk);
            session.receive(slice);
            in.position(in.position() + slice.position());
            ByteBuffer out = ByteBuffer.allocate(1 + random.nextInt(10_000));
            if (session.hasOutput()) {
                session.produce(out);
                output.write(out.array(), 0, out.position());
            }
        }
        session.endOfInput();
        assertThat(session.isFinished()).isTrue();
        assertThat(output.toByteArray()).as("seed %d", seed).isEqualTo(input);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void neverHoldsMoreThanItsCap(long seed) {
        var random = new Random(seed);
        int cap = 1024 + random.nextInt(4096);
        ProtocolSession session = new EchoProtocol().newSession(cap);
        ByteBuffer flood = ByteBuffer.allocate(cap * 3);
        session.receive(flood);
        assertThat(flood.position()).as("bytes taken while nothing was sent").isEqualTo(cap);
        session.receive(flood);
        assertThat(flood.position()).as("a full session takes no more").isEqualTo(cap);
    }
}

package dev.serverpatterns.core.protocols;

import static org.assertj.core.api.Assertions.assertThat;

import dev.serverpatterns.core.ProtocolSession;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(60)
class ByteCountProtocolTest {

    /** What a session sends back for one buffer of input, then end of input. */
    private static String reply(String input, int outputRoom) {
        ProtocolSession session = new ByteCountProtocol().newSession(64 * 1024);
        ByteBuffer in = ByteBuffer.wrap(input.getBytes(StandardCharsets.US_ASCII));
        var out = new StringBuilder();
        for (int rounds = 0; rounds < 1_000_000 && !session.isFinished(); rounds++) {
            if (session.hasOutput()) {
                ByteBuffer room = ByteBuffer.allocate(outputRoom);
                session.produce(room);
                out.append(new String(room.array(), 0, room.position(), StandardCharsets.US_ASCII));
            } else if (in.hasRemaining()) {
                session.receive(in);
            } else {
                session.endOfInput();
            }
        }
        assertThat(session.isFinished()).as("finished").isTrue();
        return out.toString();
    }

    @Test
    void unpStyleRequestWithNewline() {
        assertThat(reply("4000\n", 1000)).hasSize(4000).matches("x+");
    }

    @Test
    void csdesignStyleRequestWithoutNewlineIsServedAtHalfClose() {
        assertThat(reply("4000", 1000)).hasSize(4000);
    }

    @Test
    void csdesignStyleRequestWithoutNewlineIsServedOnceNoMoreInputComes() {
        ProtocolSession session = new ByteCountProtocol().newSession(1024);
        session.receive(ascii("4000"));
        assertThat(session.hasOutput()).as("more digits may be on their way").isFalse();
        assertThat(session.pendingInputTimeout()).isEqualTo(ByteCountProtocol.QUIET_PERIOD);
        session.inputPaused();
        assertThat(drain(session)).hasSize(4000);
        assertThat(session.pendingInputTimeout()).as("nothing pending any more").isZero();
    }

    @Test
    void aNewlineAfterAnUnterminatedRequestEndsThatRequest() {
        ProtocolSession session = new ByteCountProtocol().newSession(1024);
        session.receive(ascii("3"));
        session.inputPaused();
        assertThat(drain(session)).isEqualTo("xxx");
        session.receive(ascii("\n2\n"));
        assertThat(drain(session)).as("the newline is not an empty request").isEqualTo("xx");
    }

    @Test
    void pipelinedRequestsAreAnsweredInTurn() {
        assertThat(reply("1\n2\r\n3\n", 7)).isEqualTo("xxxxxx");
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc\n", "0\n", "-1\n", "16777217\n", "99999999999999999999\n", "\n", "12 \n"})
    void aBadRequestGetsOneErrorLineAndTheSessionFinishes(String bad) {
        assertThat(reply(bad, 100)).startsWith("error: ").endsWith("\n").containsOnlyOnce("\n");
    }

    @Test
    void theLargestAllowedCountIsServed() {
        assertThat(reply(ByteCountProtocol.MAX_COUNT + "\n", 65536)).hasSize((int) ByteCountProtocol.MAX_COUNT);
    }

    static LongStream seeds() {
        long base = Long.getLong("serverpatterns.seed", System.nanoTime());
        System.out.println("ByteCountProtocolTest base seed = " + base + " (replay: -Dserverpatterns.seed=" + base + ")");
        return LongStream.range(0, 20).map(i -> base + i);
    }

    /** However TCP splits terminated requests, even inside a count, the replies are exact. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void randomRequestStreamsSplitAnywhereGetExactlyTheBytesAskedFor(long seed) {
        var random = new Random(seed);
        var requests = new StringBuilder();
        long expected = 0;
        for (int i = random.nextInt(50); i >= 0; i--) {
            int count = 1 + random.nextInt(100_000);
            requests.append(count).append(random.nextBoolean() ? "\n" : "\r\n");
            expected += count;
        }
        byte[] bytes = requests.toString().getBytes(StandardCharsets.US_ASCII);
        ProtocolSession session = new ByteCountProtocol().newSession(64 * 1024);
        long received = 0;
        int room = 1 + random.nextInt(70_000);
        for (int at = 0; at < bytes.length; ) {
            int segment = Math.min(bytes.length - at, 1 + random.nextInt(8));
            received += feed(session, ByteBuffer.wrap(bytes, at, segment), room);
            at += segment;
        }
        session.endOfInput();
        received += drainCount(session, room);
        assertThat(received).as("seed %d", seed).isEqualTo(expected);
        assertThat(session.isFinished()).isTrue();
    }

    /** The split points: each request, cut at every byte boundary, sent as two segments. */
    @ParameterizedTest
    @ValueSource(strings = {"4000\n", "10\n", "1\r\n", "3\n5\r\n7\n", "65536\n"})
    void aRequestSplitAtEveryPointIsOneRequest(String request) {
        long expected = java.util.Arrays.stream(request.split("\r?\n")).mapToLong(Long::parseLong).sum();
        byte[] bytes = request.getBytes(StandardCharsets.US_ASCII);
        for (int cut = 1; cut < bytes.length; cut++) {
            ProtocolSession session = new ByteCountProtocol().newSession(64 * 1024);
            long received = feed(session, ByteBuffer.wrap(bytes, 0, cut), 4096);
            received += feed(session, ByteBuffer.wrap(bytes, cut, bytes.length - cut), 4096);
            assertThat(received).as("%s cut after byte %d", request.strip(), cut).isEqualTo(expected);
            assertThat(session.hasOutput()).isFalse();
        }
    }

    @Test
    void anUnterminatedCountSplitInTwoIsOneRequestIfTheRestComesBeforeThePause() {
        ProtocolSession session = new ByteCountProtocol().newSession(1024);
        session.receive(ascii("40"));
        session.receive(ascii("96"));
        session.inputPaused();
        assertThat(drain(session)).hasSize(4096);
    }

    /** Hands one segment to the session, taking replies out as they come (at most {@code room} at a time). */
    private static long feed(ProtocolSession session, ByteBuffer segment, int room) {
        long received = 0;
        for (int rounds = 0; rounds < 1_000_000 && (segment.hasRemaining() || session.hasOutput()); rounds++) {
            if (session.hasOutput()) {
                received += drainCount(session, room);
            } else {
                session.receive(segment);
            }
        }
        assertThat(segment.hasRemaining()).as("the session took the whole segment").isFalse();
        return received;
    }

    private static long drainCount(ProtocolSession session, int room) {
        long n = 0;
        for (int rounds = 0; rounds < 10_000_000 && session.hasOutput(); rounds++) {
            ByteBuffer out = ByteBuffer.allocate(room);
            session.produce(out);
            n += out.position();
        }
        return n;
    }

    private static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    private static String drain(ProtocolSession session) {
        var out = new StringBuilder();
        for (int rounds = 0; rounds < 1_000_000 && session.hasOutput(); rounds++) {
            ByteBuffer room = ByteBuffer.allocate(2);
            session.produce(room);
            out.append(new String(room.array(), 0, room.position(), StandardCharsets.US_ASCII));
        }
        return out.toString();
    }
}

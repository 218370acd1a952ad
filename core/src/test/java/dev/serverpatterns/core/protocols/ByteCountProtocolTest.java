package dev.serverpatterns.core.protocols;

import static org.assertj.core.api.Assertions.assertThat;

import dev.serverpatterns.core.ProtocolSession;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

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
    void csdesignStyleRequestWithoutNewline() {
        assertThat(reply("4000", 1000)).hasSize(4000);
    }

    @Test
    void aNewlineAfterAnUnterminatedRequestEndsThatRequest() {
        ProtocolSession session = new ByteCountProtocol().newSession(1024);
        session.receive(ascii("3"));
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
        long base = System.nanoTime();
        System.out.println("ByteCountProtocolTest base seed = " + base + "L");
        return LongStream.range(0, 20).map(i -> base + i);
    }

    /** Requests split only at request boundaries (a split inside a count would be two requests). */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void randomRequestStreamsGetExactlyTheBytesAskedFor(long seed) {
        var random = new Random(seed);
        var requests = new StringBuilder();
        long expected = 0;
        for (int i = random.nextInt(50); i >= 0; i--) {
            int count = 1 + random.nextInt(100_000);
            requests.append(count).append(random.nextBoolean() ? "\n" : "\r\n");
            expected += count;
        }
        assertThat(reply(requests.toString(), 1 + random.nextInt(70_000))).as("seed %d", seed)
                .hasSize((int) expected);
    }

    private static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    private static String drain(ProtocolSession session) {
        var out = new StringBuilder();
        while (session.hasOutput()) {
            ByteBuffer room = ByteBuffer.allocate(2);
            session.produce(room);
            out.append(new String(room.array(), 0, room.position(), StandardCharsets.US_ASCII));
        }
        return out.toString();
    }
}

package dev.serverpatterns.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverpatterns.core.ProtocolSession;
import dev.serverpatterns.core.protocols.ByteCountProtocol;
import dev.serverpatterns.core.protocols.EchoProtocol;
import dev.serverpatterns.core.session.SessionDriver.Next;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The session driver's rules, without a socket: a fake peer that takes as much output as it is told to. */
@Timeout(60)
class SessionDriverTest {

    /** A peer whose receive window the test sets: it takes at most {@code room} bytes per call. */
    static final class Peer implements SessionDriver.OutputSink {
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        int room;

        Peer(int room) {
            this.room = room;
        }

        @Override
        public int write(ByteBuffer src) {
            int n = Math.min(room, src.remaining());
            byte[] bytes = new byte[n];
            src.get(bytes);
            received.write(bytes, 0, n);
            return n;
        }

        String text() {
            return received.toString(StandardCharsets.US_ASCII);
        }
    }

    private final ByteBuffer scratch = ByteBuffer.allocate(4096);

    private static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    private static SessionDriver echo(int cap) {
        return new SessionDriver(new EchoProtocol().newSession(cap));
    }

    @Test
    void echoesAndWantsToReadAgain() throws Exception {
        SessionDriver driver = echo(1024);
        Peer peer = new Peer(Integer.MAX_VALUE);
        assertThat(driver.next()).isEqualTo(Next.READ);
        ByteBuffer input = ascii("hello");
        driver.received(input);
        assertThat(input.hasRemaining()).as("the driver takes all it is given").isFalse();
        assertThat(driver.next()).isEqualTo(Next.WRITE);
        driver.flush(scratch, peer);
        assertThat(peer.text()).isEqualTo("hello");
        assertThat(driver.next()).isEqualTo(Next.READ);
        assertThat(driver.heldBytes()).as("nothing held once written").isZero();
    }

    @Test
    void backPressureStopsReadingAtTheCapAndResumesWhenTheOutputDrains() throws Exception {
        int cap = 1024;
        SessionDriver driver = echo(cap);
        Peer peer = new Peer(0); // a peer that does not read
        driver.received(ByteBuffer.allocate(3 * cap));
        driver.flush(scratch, peer);
        assertThat(driver.next()).as("output waits for the peer: stop reading").isEqualTo(Next.WRITE);
        assertThat(driver.heldBytes()).as("input the session could not take, and output the peer did not: "
                + "held, not lost; bounded by one read and one scratch buffer").isEqualTo(3 * cap);
        peer.room = 100;
        driver.flush(scratch, peer);
        assertThat(driver.next()).as("still draining").isEqualTo(Next.WRITE);
        peer.room = Integer.MAX_VALUE;
        driver.flush(scratch, peer);
        assertThat(peer.received.size()).as("every byte, once the peer reads").isEqualTo(3 * cap);
        assertThat(driver.next()).as("drained: read again").isEqualTo(Next.READ);
        assertThat(driver.heldBytes()).isZero();
    }

    @Test
    void halfCloseSendsWhatIsLeftThenCloses() throws Exception {
        SessionDriver driver = echo(1024);
        Peer peer = new Peer(2);
        driver.received(ascii("bye"));
        driver.endOfInput();
        driver.flush(scratch, peer);
        assertThat(driver.next()).as("output is still owed").isEqualTo(Next.WRITE);
        peer.room = 100;
        driver.flush(scratch, peer);
        assertThat(peer.text()).isEqualTo("bye");
        assertThat(driver.next()).isEqualTo(Next.CLOSE);
    }

    @Test
    void endOfInputIsPassedOnOnlyAfterTheHeldInput() throws Exception {
        SessionDriver driver = echo(1024);
        Peer peer = new Peer(0);
        driver.received(ByteBuffer.allocate(2000)); // 1024 taken, 976 held
        driver.endOfInput();
        driver.flush(scratch, peer);
        assertThat(driver.next()).isEqualTo(Next.WRITE);
        peer.room = Integer.MAX_VALUE;
        driver.flush(scratch, peer);
        assertThat(peer.received.size()).isEqualTo(2000);
        assertThat(driver.next()).isEqualTo(Next.CLOSE);
    }

    @Test
    void aFinishedSessionClosesAfterItsOutput() throws Exception {
        SessionDriver driver = new SessionDriver(new ByteCountProtocol().newSession(1024));
        Peer peer = new Peer(Integer.MAX_VALUE);
        driver.received(ascii("nope\n"));
        driver.flush(scratch, peer);
        assertThat(peer.text()).startsWith("error: ");
        assertThat(driver.next()).isEqualTo(Next.CLOSE);
        assertThat(driver.failure()).as("an error reply is the protocol working, not failing").isNull();
    }

    @Test
    void aProtocolExceptionClosesThisConnectionWithTheCause() throws Exception {
        var boom = new IllegalStateException("boom");
        SessionDriver driver = new SessionDriver(new Scripted() {
            @Override
            public void receive(ByteBuffer input) {
                throw boom;
            }
        });
        driver.received(ascii("x"));
        driver.flush(scratch, new Peer(100));
        assertThat(driver.next()).isEqualTo(Next.CLOSE);
        assertThat(driver.failure()).isSameAs(boom);
        assertThat(driver.heldBytes()).isZero();
    }

    @Test
    void anErrorIsLetThroughToKillTheWorker() {
        SessionDriver driver = new SessionDriver(new Scripted() {
            @Override
            public void receive(ByteBuffer input) {
                throw new OutOfMemoryError("injected");
            }
        });
        assertThatThrownBy(() -> driver.received(ascii("x"))).isInstanceOf(OutOfMemoryError.class);
    }

    @Test
    void aSessionThatBreaksTheProgressRuleIsClosed() throws Exception {
        SessionDriver driver = new SessionDriver(new Scripted()); // takes nothing, produces nothing
        driver.received(ascii("x"));
        assertThat(driver.next()).isEqualTo(Next.CLOSE);
        assertThat(driver.failure()).hasMessageContaining("consumed no input and produced no output");
    }

    @Test
    void aSessionThatClaimsOutputButProducesNoneIsClosed() throws Exception {
        SessionDriver driver = new SessionDriver(new Scripted() {
            @Override
            public boolean hasOutput() {
                return true;
            }
        });
        driver.flush(scratch, new Peer(100));
        assertThat(driver.next()).isEqualTo(Next.CLOSE);
        assertThat(driver.failure()).hasMessageContaining("produced none");
    }

    @Test
    void idlenessCountsInputAndAcceptedOutputButNotAStalledPeer() throws Exception {
        SessionDriver driver = echo(1024);
        Duration timeout = Duration.ofSeconds(1);
        long start = driver.lastActivity();
        assertThat(driver.isIdle(start + timeout.toNanos() - 1, timeout)).isFalse();
        assertThat(driver.isIdle(start + timeout.toNanos(), timeout)).isTrue();
        assertThat(driver.isIdle(start + Duration.ofDays(1).toNanos(), Duration.ZERO)).as("zero: never").isFalse();

        Peer stalled = new Peer(0);
        driver.received(ascii("abc"));
        long afterInput = driver.lastActivity();
        assertThat(afterInput).isGreaterThanOrEqualTo(start);
        driver.flush(scratch, stalled);
        assertThat(driver.lastActivity()).as("a peer that took nothing is no activity").isEqualTo(afterInput);
    }

    @Test
    void theInputPauseIsAskedForAndDelivered() throws Exception {
        SessionDriver driver = new SessionDriver(new ByteCountProtocol().newSession(1024));
        Peer peer = new Peer(Integer.MAX_VALUE);
        assertThat(driver.inputPauseDeadline()).isEqualTo(Long.MAX_VALUE);
        driver.received(ascii("12"));
        driver.flush(scratch, peer);
        long deadline = driver.inputPauseDeadline();
        assertThat(deadline - driver.lastActivity()).isEqualTo(ByteCountProtocol.QUIET_PERIOD.toNanos());
        driver.checkInputPause(deadline - 1);
        driver.flush(scratch, peer);
        assertThat(peer.received.size()).as("not before the deadline").isZero();
        driver.checkInputPause(deadline);
        driver.flush(scratch, peer);
        assertThat(peer.received.size()).isEqualTo(12);
        assertThat(driver.next()).isEqualTo(Next.READ);
    }

    static LongStream seeds() {
        long base = Long.getLong("serverpatterns.seed", System.nanoTime());
        System.out.println("SessionDriverTest base seed = " + base + "L (replay: -Dserverpatterns.seed=" + base + ")");
        return LongStream.range(0, 20).map(i -> base + i);
    }

    /** An event loop's life in miniature: random reads, a peer with a random window; bytes arrive exact and memory stays bounded. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void randomReadsAndWindowsDeliverEveryByteWithBoundedMemory(long seed) throws Exception {
        var random = new Random(seed);
        int cap = 1024 + random.nextInt(8192);
        byte[] input = new byte[random.nextInt(300_000)];
        random.nextBytes(input);
        SessionDriver driver = echo(cap);
        Peer peer = new Peer(0);
        ByteBuffer shared = ByteBuffer.allocate(1 + random.nextInt(16 * 1024)); // the loop's one read buffer
        int at = 0;
        for (int rounds = 0; rounds < 10_000_000 && driver.next() != Next.CLOSE; rounds++) {
            peer.room = random.nextInt(3) == 0 ? 0 : random.nextInt(20_000);
            if (driver.next() == Next.READ) {
                if (at == input.length) {
                    driver.endOfInput();
                } else {
                    int n = Math.min(input.length - at, 1 + random.nextInt(shared.capacity()));
                    shared.clear().put(input, at, n).flip();
                    at += n;
                    driver.received(shared);
                }
            }
            driver.flush(scratch, peer);
            assertThat(driver.heldBytes()).as("held by the driver, seed %d", seed)
                    .isLessThanOrEqualTo(shared.capacity() + scratch.capacity());
        }
        assertThat(driver.next()).isEqualTo(Next.CLOSE);
        assertThat(peer.received.toByteArray()).as("seed %d", seed).isEqualTo(input);
    }

    /** A session whose every step the test overrides; by default it does nothing at all. */
    static class Scripted implements ProtocolSession {
        @Override
        public void receive(ByteBuffer input) {
        }

        @Override
        public void endOfInput() {
        }

        @Override
        public boolean hasOutput() {
            return false;
        }

        @Override
        public void produce(ByteBuffer output) {
        }

        @Override
        public boolean isFinished() {
            return false;
        }
    }
}

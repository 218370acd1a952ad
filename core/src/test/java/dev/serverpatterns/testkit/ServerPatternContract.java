package dev.serverpatterns.testkit;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.serverpatterns.core.RunningServer;
import dev.serverpatterns.core.ServerConfig;
import dev.serverpatterns.core.ServerPattern;
import dev.serverpatterns.core.ServerStats;
import dev.serverpatterns.core.protocols.ByteCountProtocol;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The contract every {@link ServerPattern} passes. A pattern's test is one line:
 *
 * <pre>{@code
 * class ThreadPerClientServerTest extends ServerPatternContract {
 *     ThreadPerClientServerTest() { super(new ThreadPerClientServer()); }
 * }
 * }</pre>
 *
 * <p>Each test starts the pattern on 127.0.0.1 and an ephemeral port, talks to it over real
 * sockets, and closes it. Asynchronous outcomes are awaited with Awaitility, never slept for;
 * every test has a time limit. Random inputs come from a seed that is printed, so a failure
 * can be replayed. Where a design differs by intent (the iterative server serializes clients;
 * only some designs supervise workers) the test asserts that intent, or says why it does not
 * apply.
 */
@Timeout(value = 120, unit = SECONDS)
public abstract class ServerPatternContract {

    /** Upper bound for anything the server should do "promptly". */
    protected static final Duration PROMPTLY = Duration.ofSeconds(10);

    private final ServerPattern pattern;
    private final List<RunningServer> started = new ArrayList<>();

    protected ServerPatternContract(ServerPattern pattern) {
        this.pattern = pattern;
    }

    protected RunningServer start(ServerConfig config) throws IOException {
        RunningServer server = pattern.start(config);
        started.add(server);
        return server;
    }

    protected RunningServer start() throws IOException {
        return start(ServerConfig.defaults());
    }

    protected RunningServer start(String protocol) throws IOException {
        return start(ServerConfig.builder().protocol(protocol).build());
    }

    @AfterEach
    void closeServers() {
        started.forEach(RunningServer::close);
    }

    private static long seed() {
        long seed = System.nanoTime();
        System.out.println("seed = " + seed + "L (replay: set it in the test)");
        return seed;
    }

    // 1. Echo -------------------------------------------------------------------------------

    @Test
    void echoesASmallMessage() throws IOException {
        RunningServer server = start();
        try (var client = TestClient.connect(server.address())) {
            assertThat(client.echo("hello, server\n")).isEqualTo("hello, server\n");
        }
    }

    @Test
    void echoesOneMebibyteWrittenInRandomChunks() throws Exception {
        long seed = seed();
        var random = new Random(seed);
        byte[] sent = new byte[1 << 20];
        random.nextBytes(sent);
        RunningServer server = start();
        try (var client = TestClient.connect(server.address());
             ExecutorService writer = Executors.newVirtualThreadPerTaskExecutor()) {
            // write on another thread: the server echoes while we send, and both socket
            // buffers would fill up if we only read after writing everything
            Future<?> writing = writer.submit(() -> {
                OutputStream out = client.socket().getOutputStream();
                for (int at = 0; at < sent.length; ) {
                    int chunk = Math.min(1 + random.nextInt(64 * 1024), sent.length - at);
                    out.write(sent, at, chunk);
                    at += chunk;
                }
                return null;
            });
            byte[] received = client.readExactly(sent.length);
            writing.get(PROMPTLY.toSeconds(), SECONDS);
            assertThat(Arrays.mismatch(received, sent)).as("first differing byte, seed %d", seed).isEqualTo(-1);
        }
    }

    // 2. An idle client ------------------------------------------------------------------------

    @Test
    void anIdleClientDoesNotStopASecondClientBeingServed() throws Exception {
        RunningServer server = start();
        try (var idle = TestClient.connect(server.address())) {
            assertThat(idle.echo("first")).isEqualTo("first"); // now surely being served
            try (var second = TestClient.connect(server.address())) {
                second.write("second");
                CompletableFuture<String> reply = CompletableFuture.supplyAsync(() -> readString(second, 6));
                if (pattern.workerModel().servesOneClientAtATime()) {
                    // the honest test of the limitation: held for as long as the first stays
                    await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                            .until(() -> !reply.isDone());
                    idle.close();
                }
                assertThat(reply.get(PROMPTLY.toSeconds(), SECONDS)).isEqualTo("second");
            }
        }
    }

    // 3. Many clients at once ------------------------------------------------------------------

    @Test
    void twoHundredConcurrentClientsGetFiftyExactRoundTripsEach() throws Exception {
        RunningServer server = start();
        int clients = 200;
        int roundTrips = 50;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> results = IntStream.range(0, clients)
                    .mapToObj(c -> pool.submit(() -> {
                        try (var client = TestClient.connect(server.address())) {
                            int exact = 0;
                            for (int r = 0; r < roundTrips; r++) {
                                String message = "client " + c + " round trip " + r + "\n";
                                if (client.echo(message).equals(message)) {
                                    exact++;
                                }
                            }
                            return exact;
                        }
                    }))
                    .toList();
            for (Future<Integer> result : results) {
                assertThat(result.get(100, SECONDS)).isEqualTo(roundTrips);
            }
        }
        await().atMost(PROMPTLY).until(() -> server.stats().active() == 0);
        assertThat(server.stats().accepted()).isEqualTo(clients);
    }

    // 4. The byte-count protocol ---------------------------------------------------------------

    @Test
    void byteCountRequestWithNewline() throws IOException {
        RunningServer server = start("bytes");
        try (var client = TestClient.connect(server.address())) {
            client.write("4096\n");
            assertThat(client.readExactly(4096)).containsOnly(ByteCountProtocol.FILL);
        }
    }

    @Test
    void byteCountRequestWithoutNewlineAsCsdesignSendsIt() throws IOException {
        RunningServer server = start("bytes");
        try (var client = TestClient.connect(server.address())) {
            client.write("4096");
            assertThat(client.readExactly(4096)).hasSize(4096);
            client.shutdownOutput();
            assertThat(client.readToEnd(PROMPTLY)).as("nothing more after the reply").isEmpty();
        }
    }

    @Test
    void severalByteCountRequestsOnOneConnection() throws IOException {
        RunningServer server = start("bytes");
        try (var client = TestClient.connect(server.address())) {
            for (int count : new int[] {1, 4000, 17, 65536}) {
                client.write(count + "\n");
                assertThat(client.readExactly(count)).hasSize(count);
            }
            client.write("3\n5\r\n7\n"); // pipelined, one with CRLF
            assertThat(client.readExactly(15)).hasSize(15);
            client.shutdownOutput();
            assertThat(client.readToEnd(PROMPTLY)).isEmpty();
        }
    }

    @Test
    void badByteCountRequestsGetAnErrorLineAndAClose() throws Exception {
        RunningServer server = start("bytes");
        TestClient healthy = pattern.workerModel().servesOneClientAtATime() ? null : TestClient.connect(server.address());
        try {
            for (String bad : List.of("abc\n", "0\n", "-5\n", "99999999999\n", "12x\n", "\n")) {
                if (healthy != null) {
                    healthy.write("100\n");
                }
                try (var client = TestClient.connect(server.address())) {
                    client.write(bad);
                    assertThat(client.readLine()).as("reply to %s", bad.strip()).startsWith("error: ");
                    assertThat(client.readToEnd(PROMPTLY)).as("then the server closes").isEmpty();
                }
                if (healthy != null) {
                    assertThat(healthy.readExactly(100)).as("a healthy client, meanwhile").hasSize(100);
                }
            }
        } finally {
            if (healthy != null) {
                healthy.close();
            }
        }
    }

    // 5. Half-close ----------------------------------------------------------------------------

    @Test
    void halfCloseGetsEverythingEchoedThenTheServerCloses() throws IOException {
        long seed = seed();
        byte[] sent = new byte[100_000];
        new Random(seed).nextBytes(sent);
        RunningServer server = start();
        try (var client = TestClient.connect(server.address())) {
            client.write(sent); // fits in the socket buffers both ways, so no reader is needed yet
            client.shutdownOutput();
            assertThat(client.readToEnd(PROMPTLY)).as("seed %d", seed).isEqualTo(sent);
        }
    }

    // 6. A client that resets ------------------------------------------------------------------

    @Test
    void aClientThatResetsMidStreamLeavesTheServerHealthy() throws Exception {
        RunningServer server = start();
        try (var client = TestClient.connect(server.address())) {
            client.write(new byte[256 * 1024]); // the server is now echoing to a client that does not read
            client.reset();
        }
        await().atMost(PROMPTLY).until(() -> server.stats().active() == 0);
        try (var next = TestClient.connect(server.address())) {
            assertThat(next.echo("still here")).isEqualTo("still here");
        }
    }

    // 7. A slow reader -------------------------------------------------------------------------

    @Test
    void aSlowReaderCannotMakeTheServerBufferMoreThanItsCap() throws Exception {
        long seed = seed();
        int cap = 64 * 1024;
        long total = 64L << 20;
        RunningServer server = start(ServerConfig.builder().outputBufferCap(cap).build());
        try (var client = TestClient.connect(server.address());
             ExecutorService writer = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<?> writing = writer.submit(() -> {
                writeSeeded(client.socket().getOutputStream(), seed, total);
                return null;
            });
            // Not reading: the server fills the socket buffers, then must stop reading from us.
            AtomicLong lastIn = new AtomicLong(-1);
            await().pollInterval(Duration.ofMillis(300)).atMost(Duration.ofSeconds(30))
                    .until(() -> lastIn.getAndSet(server.stats().bytesIn()) == server.stats().bytesIn());
            ServerStats stalled = server.stats();
            assertThat(stalled.bytesIn()).as("the server stopped reading before the end").isLessThan(total);
            assertThat(stalled.bytesIn() - stalled.bytesOut())
                    .as("bytes the server holds for this connection (cap %d)", cap)
                    .isLessThanOrEqualTo(cap + 2 * 16 * 1024);
            // Now read everything: every byte arrives, in order.
            verifySeeded(client.socket().getInputStream(), seed, total);
            writing.get(PROMPTLY.toSeconds(), SECONDS);
        }
    }

    private static void writeSeeded(OutputStream out, long seed, long total) throws IOException {
        var random = new Random(seed);
        byte[] chunk = new byte[64 * 1024];
        for (long sent = 0; sent < total; sent += chunk.length) {
            random.nextBytes(chunk);
            out.write(chunk);
        }
    }

    private static void verifySeeded(InputStream in, long seed, long total) throws IOException {
        var random = new Random(seed);
        byte[] expected = new byte[64 * 1024];
        byte[] received = new byte[64 * 1024];
        for (long at = 0; at < total; at += expected.length) {
            random.nextBytes(expected);
            in.readNBytes(received, 0, received.length);
            assertThat(Arrays.mismatch(received, expected)).as("at offset %d, seed %d", at, seed).isEqualTo(-1);
        }
    }

    // 8. Idle timeout and max connections ------------------------------------------------------

    @Test
    void idleTimeoutClosesASilentConnection() throws IOException {
        RunningServer server = start(ServerConfig.builder().idleTimeout(Duration.ofMillis(300)).build());
        try (var silent = TestClient.connect(server.address())) {
            assertThat(silent.readToEnd(PROMPTLY)).isEmpty();
        }
        await().atMost(PROMPTLY).until(() -> server.stats().active() == 0);
    }

    @Test
    void maxConnectionsRefusesTheExtraOnePromptly() throws IOException {
        assumeFalse(pattern.workerModel().servesOneClientAtATime(),
                "serves one client at a time: a second client waits in the backlog, it is never refused");
        RunningServer server = start(ServerConfig.builder().maxConnections(2).build());
        try (var first = TestClient.connect(server.address());
             var second = TestClient.connect(server.address())) {
            assertThat(first.echo("1")).isEqualTo("1");
            assertThat(second.echo("2")).isEqualTo("2");
            try (var extra = TestClient.connect(server.address())) {
                extra.write("3");
                assertThat(extra.readToEnd(PROMPTLY)).as("refused: closed without a reply").isEmpty();
            }
            await().atMost(PROMPTLY).until(() -> server.stats().refused() == 1);
            first.close();
            await().atMost(PROMPTLY).until(() -> server.stats().active() == 1);
            try (var later = TestClient.connect(server.address())) {
                assertThat(later.echo("4")).as("a slot was freed").isEqualTo("4");
            }
        }
    }

    // 9. close() -------------------------------------------------------------------------------

    @Test
    void closeFreesThePortEndsThreadsAndLeaksNoDescriptors() throws Exception {
        exerciseOnce(); // the first run opens what the JVM keeps open afterwards (jars, epoll)
        long fdsBefore = openDescriptors();
        RunningServer server = pattern.start(ServerConfig.defaults());
        InetSocketAddress address = server.address();
        var clients = new ArrayList<TestClient>();
        for (int i = 0; i < 3; i++) {
            var client = TestClient.connect(address);
            clients.add(client);
            if (i == 0 || !pattern.workerModel().servesOneClientAtATime()) {
                assertThat(client.echo("x")).isEqualTo("x");
            }
        }
        long started = System.nanoTime();
        server.close();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("close() is bounded")
                .isLessThan(Duration.ofSeconds(15));
        for (var client : clients) {
            assertThat(client.readToEnd(PROMPTLY)).isEmpty();
            client.close();
        }
        try (var rebound = new ServerSocket()) {
            rebound.bind(address); // throws if the port is still held
        }
        assertThat(patternThreads()).as("threads left behind").isEmpty();
        await().atMost(PROMPTLY).untilAsserted(() -> assertThat(openDescriptors()).isLessThanOrEqualTo(fdsBefore));
    }

    private void exerciseOnce() throws IOException {
        try (RunningServer server = pattern.start(ServerConfig.defaults());
             var client = TestClient.connect(server.address())) {
            client.echo("warm up");
        }
    }

    private List<String> patternThreads() {
        String prefix = "serverpatterns-" + pattern.name() + "-";
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive).map(Thread::getName).filter(n -> n.startsWith(prefix)).toList();
    }

    private static long openDescriptors() throws IOException {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    // 10. Clear errors -------------------------------------------------------------------------

    @Test
    void aBusyPortGivesAnIOExceptionNamingTheAddress() throws IOException {
        try (var squatter = new ServerSocket(0, 50, ServerConfig.defaults().bindAddress())) {
            int port = squatter.getLocalPort();
            assertThatThrownBy(() -> start(ServerConfig.builder().port(port).build()))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("127.0.0.1:" + port);
        }
    }

    @Test
    void badConfigGivesAClearMessage() {
        assertThatThrownBy(() -> ServerConfig.builder().workers(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("workers");
        assertThatThrownBy(() -> ServerConfig.builder().port(70000).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port");
        assertThatThrownBy(() -> ServerConfig.builder().protocol("gopher").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown protocol 'gopher'").hasMessageContaining("echo");
    }

    // 11. Stats --------------------------------------------------------------------------------

    @Test
    void statsCountEveryConnectionAndPerWorkerCountsSumToIt() throws IOException {
        RunningServer server = start();
        int connections = 12;
        for (int i = 0; i < connections; i++) {
            try (var client = TestClient.connect(server.address())) {
                assertThat(client.echo("12345")).isEqualTo("12345");
            }
        }
        await().atMost(PROMPTLY).until(() -> server.stats().active() == 0);
        ServerStats stats = server.stats();
        assertThat(stats.accepted()).isEqualTo(connections);
        assertThat(stats.servedPerWorker().stream().mapToLong(Long::longValue).sum()).isEqualTo(connections);
        assertThat(stats.bytesIn()).isEqualTo(5L * connections);
        assertThat(stats.bytesOut()).isEqualTo(5L * connections);
        assertThat(stats.refused()).isZero();
    }

    // 12. Supervision --------------------------------------------------------------------------

    @Test
    void aWorkerKilledByAnInjectedFaultIsReplaced() throws Exception {
        assumeTrue(pattern.workerModel().supervised(), "this design keeps no fixed set of workers to supervise");
        int workers = 2;
        RunningServer server = start(ServerConfig.builder()
                .protocol(FaultInjectingProtocol.NAME).workers(workers).build());
        try (var victim = TestClient.connect(server.address())) {
            victim.write(FaultInjectingProtocol.TRIGGER);
            assertThat(victim.readToEnd(PROMPTLY)).as("the faulty connection is dropped").isEmpty();
        }
        await().atMost(PROMPTLY).until(() -> server.stats().active() == 0);
        // more connections than workers, held at once: every worker slot must be alive again
        List<TestClient> next = new ArrayList<>();
        try {
            for (int i = 0; i < workers; i++) {
                next.add(TestClient.connect(server.address()));
            }
            for (var client : next) {
                assertThat(client.echo("after the fault")).isEqualTo("after the fault");
            }
        } finally {
            for (var client : next) {
                client.close();
            }
        }
        assertThat(server.stats().servedPerWorker()).hasSize(workers);
    }

    // 13. Clients that never read ----------------------------------------------------------------

    /**
     * A client that sends and never reads fills the socket buffers until the server's write
     * blocks. That write must not block forever: after the idle timeout without progress the
     * server closes the connection, so N such clients cannot take N workers for good.
     */
    @Test
    void clientsThatNeverReadAreClosedAfterTheIdleTimeoutAndOthersAreServed() throws Exception {
        Duration idle = Duration.ofSeconds(1);
        Duration margin = Duration.ofSeconds(5);
        int workers = 2;
        int nonReaders = pattern.workerModel().servesOneClientAtATime() ? 1 : workers;
        RunningServer server = start(ServerConfig.builder().idleTimeout(idle).workers(workers).build());
        List<TestClient> stalled = new ArrayList<>();
        ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor();
        try {
            List<Future<Long>> writing = new ArrayList<>();
            for (int i = 0; i < nonReaders; i++) {
                TestClient client = TestClient.connect(server.address());
                stalled.add(client);
                writing.add(writers.submit(() -> writeUntilClosed(client.socket().getOutputStream(), 1L << 30)));
            }
            await().atMost(PROMPTLY).until(() -> server.stats().accepted() == nonReaders
                    && server.stats().bytesOut() >= nonReaders);
            long start = System.nanoTime();
            try (var healthy = TestClient.connect(server.address())) {
                assertThat(healthy.echo("still served")).isEqualTo("still served");
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("a healthy client waits at most the idle "
                    + "timeout and a margin").isLessThan(idle.plus(margin));
            for (Future<Long> w : writing) {
                assertThat(w).as("a client that never reads is closed by the server within the idle timeout "
                        + "and a margin").succeedsWithin(idle.plus(margin))
                        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LONG).isLessThan(1L << 30);
            }
        } finally {
            for (var client : stalled) {
                client.close(); // unblocks a writer the server never closed, so the test ends either way
            }
            writers.shutdownNow();
            writers.close();
        }
    }

    /** Writes until the connection breaks (the server closed it) or {@code limit} bytes went out. */
    private static long writeUntilClosed(OutputStream out, long limit) {
        byte[] chunk = new byte[64 * 1024];
        long sent = 0;
        try {
            while (sent < limit) {
                out.write(chunk);
                sent += chunk.length;
            }
        } catch (IOException closedByTheServer) {
            // what the test waits for
        }
        return sent;
    }

    // 14. A request split across TCP segments ----------------------------------------------------

    /**
     * TCP may deliver a request in pieces. A newline-terminated count is one request however it is
     * split; an unterminated one (csdesign) is one request if the rest comes within the protocol's
     * quiet period. The client sends each part as its own segment (TCP_NODELAY, a short gap).
     */
    @Test
    void aByteCountSplitAcrossSegmentsIsOneRequest() throws IOException {
        RunningServer server = start("bytes");
        try (var client = TestClient.connect(server.address())) {
            for (String[] parts : new String[][] {{"40", "00\n"}, {"1", "0\n"}, {"409", "6"}, {"2", "0", "\n"}}) {
                String request = String.join("", parts).strip();
                for (String part : parts) {
                    client.write(part);
                    java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(3).toNanos()); // a gap, not a wait
                }
                assertThat(client.readExactly(Integer.parseInt(request)))
                        .as("the reply to %s sent as %s", request, List.of(parts)).containsOnly(ByteCountProtocol.FILL);
            }
            client.shutdownOutput();
            assertThat(client.readToEnd(PROMPTLY)).as("nothing more: no second request, no error line").isEmpty();
        }
    }

    private static String readString(TestClient client, int n) {
        try {
            return new String(client.readExactly(n), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}

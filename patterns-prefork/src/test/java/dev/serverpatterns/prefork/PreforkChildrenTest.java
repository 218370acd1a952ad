package dev.serverpatterns.prefork;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.serverpatterns.core.RunningServer;
import dev.serverpatterns.core.ServerConfig;
import dev.serverpatterns.core.ServerPattern;
import dev.serverpatterns.core.ServerStats;
import dev.serverpatterns.core.nativeio.NativeSockets;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.FunctionDescriptor;
import java.lang.invoke.MethodHandle;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What real child processes add to the contract: a child killed with SIGKILL under load, and
 * csdesign's distribution scenario. Every number a test sees is printed, for the docs.
 */
@Timeout(value = 180, unit = SECONDS)
class PreforkChildrenTest {

    private static final MethodHandle KILL = NativeSockets.function("kill",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final int SIGKILL = 9;
    private static final int SIGSTOP = 19;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    static Stream<ServerPattern> sharedQueueDesigns() {
        return Stream.of(new PreforkAcceptServer(), new PreforkLockServer(), new PreforkFdPassingServer());
    }

    static Stream<ServerPattern> preforkDesigns() {
        return Stream.of(new PreforkAcceptServer(), new PreforkLockServer(), new PreforkFdPassingServer(),
                new PreforkReusePortServer());
    }

    /**
     * Every child busy with a held client, more clients waiting in the one backlog, and one child
     * killed with SIGKILL: only its own client fails; a replacement is started in its slot within
     * 2 s; the other held clients go on; and every waiting client is served once the held ones leave.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("sharedQueueDesigns")
    void aChildKilledUnderLoadIsReplacedAndOnlyItsClientIsLost(ServerPattern pattern) throws Exception {
        int workers = 4;
        Set<Long> before = children();
        try (RunningServer server = pattern.start(ServerConfig.builder().workers(workers).build())) {
            List<Socket> held = new ArrayList<>();
            List<Socket> waiting = new ArrayList<>();
            try {
                for (int i = 0; i < workers; i++) {
                    held.add(connect(server.address()));
                    assertThat(echo(held.get(i), "held " + i)).isEqualTo("held " + i);
                }
                for (int i = 0; i < 6; i++) { // every child is busy: these wait in the backlog
                    Socket s = connect(server.address());
                    s.getOutputStream().write(("waiting " + i).getBytes(StandardCharsets.US_ASCII));
                    waiting.add(s);
                }
                List<Long> pids = children().stream().filter(p -> !before.contains(p)).sorted().toList();
                assertThat(pids).as("the children").hasSize(workers);
                long victim = pids.get(1);
                long killedAt = System.nanoTime();
                kill(victim, SIGKILL);
                await("a replacement started in the dead child's slot").atMost(Duration.ofSeconds(2))
                        .pollInterval(Duration.ofMillis(5)).until(() -> server.stats().workersReplaced() == 1);
                Duration replaced = Duration.ofNanos(System.nanoTime() - killedAt);
                int lost = 0;
                for (int i = 0; i < workers; i++) {
                    String reply;
                    try {
                        reply = echo(held.get(i), "again " + i);
                    } catch (IOException e) {
                        reply = null;
                    }
                    if (reply == null || reply.isEmpty()) {
                        lost++;
                    } else {
                        assertThat(reply).as("held client %d, served by a live child", i).isEqualTo("again " + i);
                    }
                }
                assertThat(lost).as("held clients lost: only the killed child's").isEqualTo(1);
                held.forEach(PreforkChildrenTest::closeQuietly);
                for (int i = 0; i < waiting.size(); i++) {
                    String expected = "waiting " + i;
                    assertThat(new String(waiting.get(i).getInputStream().readNBytes(expected.length()),
                            StandardCharsets.US_ASCII)).as("waiting client %d, from the backlog", i).isEqualTo(expected);
                    waiting.get(i).close(); // frees its child for the next one
                }
                System.out.printf("%s: killed child %d; replacement started after %d ms; held clients lost: %d of %d;"
                                + " backlog clients served: %d of %d%n", pattern.name(), victim, replaced.toMillis(), lost,
                        workers, waiting.size(), waiting.size());
            } finally {
                held.forEach(PreforkChildrenTest::closeQuietly);
                waiting.forEach(PreforkChildrenTest::closeQuietly);
            }
        }
    }

    /**
     * SO_REUSEPORT: every child has its own accept queue. One child is stopped (SIGSTOP) so that
     * what the kernel hashes to it waits in its queue; then it is killed. Exactly the connections
     * in its queue (read from /proc/net/tcp, the listening socket's rx_queue) are reset; every
     * other client is served; the child is replaced within 2 s.
     */
    @Test
    void reusePortLosesExactlyTheDeadChildsQueuedConnections() throws Exception {
        int workers = 4;
        int clients = 40;
        Set<Long> before = children();
        try (RunningServer server = new PreforkReusePortServer().start(ServerConfig.builder().workers(workers).build())) {
            long victim = children().stream().filter(p -> !before.contains(p)).sorted().toList().get(2);
            kill(victim, SIGSTOP);
            List<Socket> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < clients; i++) {
                    Socket s = connect(server.address());
                    s.getOutputStream().write(("client " + i).getBytes(StandardCharsets.US_ASCII));
                    sockets.add(s);
                }
                long inode = listeningInode(victim, server.address().getPort());
                long queued = await().atMost(Duration.ofSeconds(10)).until(() -> acceptQueue(inode), q -> q > 0);
                await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> acceptQueue(inode) == queued);
                long killedAt = System.nanoTime();
                kill(victim, SIGKILL);
                await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(5))
                        .until(() -> server.stats().workersReplaced() == 1);
                Duration replaced = Duration.ofNanos(System.nanoTime() - killedAt);
                int served = 0;
                int reset = 0;
                for (int i = 0; i < clients; i++) {
                    String expected = "client " + i;
                    String reply;
                    try {
                        reply = new String(sockets.get(i).getInputStream().readNBytes(expected.length()),
                                StandardCharsets.US_ASCII);
                    } catch (IOException e) { // connection reset
                        reply = "";
                    }
                    if (reply.equals(expected)) {
                        served++;
                    } else {
                        assertThat(reply).as("a client that was not served got nothing at all").isEmpty();
                        reset++;
                    }
                }
                System.out.printf("prefork-reuseport: %d clients; %d queued in the stopped child %d, then killed: "
                        + "%d reset, %d served; replacement started after %d ms%n", clients, queued, victim, reset,
                        served, replaced.toMillis());
                assertThat(reset).as("lost: exactly the dead child's queue").isEqualTo(queued);
                assertThat(served).isEqualTo(clients - queued);
            } finally {
                sockets.forEach(PreforkChildrenTest::closeQuietly);
            }
        }
    }

    /**
     * csdesign's scenario: 10 children, 15 clients each making 100 connections and asking for
     * 4,096 bytes on each; every connection is counted once, by the child that served it.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("preforkDesigns")
    void csdesignsDistributionCountsEveryConnectionOnce(ServerPattern pattern) throws Exception {
        int children = 10;
        int clients = 15;
        int connectionsEach = 100;
        try (RunningServer server = pattern.start(ServerConfig.builder().workers(children).protocol("bytes").build());
             ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> results = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                results.add(pool.submit(() -> {
                    int exact = 0;
                    for (int i = 0; i < connectionsEach; i++) {
                        try (Socket s = connect(server.address())) {
                            s.getOutputStream().write("4096".getBytes(StandardCharsets.US_ASCII)); // as csdesign sends it
                            exact += s.getInputStream().readNBytes(4096).length == 4096 ? 1 : 0;
                        }
                    }
                    return exact;
                }));
            }
            for (Future<Integer> r : results) {
                assertThat(r.get(120, SECONDS)).isEqualTo(connectionsEach);
            }
            int total = clients * connectionsEach;
            await().atMost(Duration.ofSeconds(10)).until(() -> server.stats().active() == 0);
            ServerStats stats = server.stats();
            System.out.println(pattern.name() + ": per-child distribution of " + total + " connections: "
                    + stats.servedPerWorker());
            assertThat(stats.accepted()).isEqualTo(total);
            assertThat(stats.servedPerWorker()).hasSize(children);
            assertThat(stats.servedPerWorker().stream().mapToLong(Long::longValue).sum()).isEqualTo(total);
            assertThat(stats.bytesOut()).isEqualTo(4096L * total);
        }
    }

    /** After close(): the children are gone (none left, no zombie) and the counters file is deleted. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("preforkDesigns")
    void closeLeavesNoChildAndNoCountersFile(ServerPattern pattern) throws Exception {
        Set<Long> before = children();
        RunningServer server = pattern.start(ServerConfig.builder().workers(3).build());
        Path file = ((PreforkServer) server).counters().file();
        assertThat(file).exists();
        try (Socket s = connect(server.address())) {
            assertThat(echo(s, "x")).isEqualTo("x");
        }
        server.close();
        assertThat(children()).isSubsetOf(before);
        assertThat(Files.exists(file)).as("the counters file is deleted").isFalse();
    }

    /** More children than the memory holds is refused at start, naming the limit; nothing is left bound. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("preforkDesigns")
    void asManyChildrenAsTheMemoryHoldsAtMost(ServerPattern pattern) throws Exception {
        int tooMany = ChildJvm.MAX_CHILDREN + 1;
        Set<Long> before = children();
        ServerConfig config = ServerConfig.builder().workers(tooMany).build();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> pattern.start(config))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(tooMany + " child JVMs would not fit");
        assertThat(children()).as("no child was started").isSubsetOf(before);
    }

    private static Set<Long> children() {
        return ProcessHandle.current().children().map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    private static void kill(long pid, int signal) {
        int result;
        try {
            result = (int) KILL.invokeExact(NativeSockets.callState(), (int) pid, signal);
        } catch (Throwable t) {
            throw NativeSockets.unexpected(t);
        }
        assertThat(result).as("kill(%d, %d)", pid, signal).isZero();
    }

    /** The inode of the listening socket {@code pid} holds on {@code port}. */
    private static long listeningInode(long pid, int port) throws IOException {
        Set<String> theirs;
        try (var fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            theirs = fds.map(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString();
                } catch (IOException e) {
                    return "";
                }
            }).collect(Collectors.toSet());
        }
        List<String> table = new ArrayList<>(Files.readAllLines(Path.of("/proc/net/tcp")));
        table.addAll(Files.readAllLines(Path.of("/proc/net/tcp6"))); // the JDK's sockets are dual-stack IPv6 ones
        for (String line : table) {
            if (line.trim().startsWith("sl")) {
                continue;
            }
            String[] f = line.trim().split("\\s+");
            int localPort = Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16);
            if (localPort == port && f[3].equals("0A") && theirs.contains("socket:[" + f[9] + "]")) {
                return Long.parseLong(f[9]);
            }
        }
        throw new AssertionError("no listening socket on port " + port + " in process " + pid);
    }

    /** A listening socket's accept queue: rx_queue in /proc/net/tcp. */
    private static long acceptQueue(long inode) throws IOException {
        List<String> table = new ArrayList<>(Files.readAllLines(Path.of("/proc/net/tcp")));
        table.addAll(Files.readAllLines(Path.of("/proc/net/tcp6")));
        for (String line : table) {
            String[] f = line.trim().split("\\s+");
            if (f.length > 9 && f[9].equals(Long.toString(inode))) {
                return Long.parseLong(f[4].substring(f[4].indexOf(':') + 1), 16);
            }
        }
        return -1;
    }

    private static Socket connect(InetSocketAddress address) throws IOException {
        Socket s = new Socket();
        s.connect(address, 5_000);
        s.setSoTimeout((int) READ_TIMEOUT.toMillis());
        return s;
    }

    private static String echo(Socket s, String message) throws IOException {
        OutputStream out = s.getOutputStream();
        InputStream in = s.getInputStream();
        out.write(message.getBytes(StandardCharsets.US_ASCII));
        return new String(in.readNBytes(message.length()), StandardCharsets.US_ASCII);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // test cleanup
        }
    }
}

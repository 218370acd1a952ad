package dev.serverpatterns.benchmarks.jmh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The harness against real child processes: the {@code serve} command, and commands that misbehave. */
@Timeout(60)
class ServerProcessTest {

    @Test
    void startsARealPatternReadsItsCostsAndStopsIt() throws IOException {
        ServerLaunch launch = ServerLaunch.of("prethreaded-accept", "echo", Duration.ZERO, 3);
        assertThat(launch.command()).contains("serve", "--pattern", "prethreaded-accept", "--port", "0",
                "--enable-native-access=ALL-UNNAMED", "--workers", "4");
        ServerProcess server = launch.start();
        try {
            assertThat(server.name()).isEqualTo("prethreaded-accept");
            assertThat(server.protocol()).isEqualTo("echo");
            assertThat(server.address().getPort()).isPositive();
            assertThat(server.pid()).isNotEqualTo(ProcessHandle.current().pid());
            for (int i = 0; i < 3; i++) {
                assertThat(echo(server, "hello " + i)).isEqualTo("hello " + i);
            }
            assertThat(server.cpuNanos()).as("a JVM that started and served spent CPU").isPositive();
            assertThat(server.rssBytes()).as("a JVM's RSS").isGreaterThan(10L << 20);
        } finally {
            ServerProcess.Stopped stopped = server.stop(Duration.ofSeconds(20));
            assertThat(stopped.killed()).as("stopped by SIGTERM, not killed").isFalse();
            assertThat(stopped.exitCode()).isZero();
            assertThat(stopped.connectionsPerWorker()).hasSize(4);
            assertThat(stopped.connectionsPerWorker().stream().mapToLong(Long::longValue).sum()).isEqualTo(3);
        }
        assertThat(server.isAlive()).isFalse();
        assertThat(server.cpuNanos()).as("a process that is gone has no figures").isEqualTo(-1);
    }

    private static String echo(ServerProcess server, String text) throws IOException {
        try (Socket s = new Socket(server.address().getAddress(), server.address().getPort())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
            out.write(bytes);
            return new String(in.readNBytes(bytes.length), StandardCharsets.US_ASCII);
        }
    }

    @Test
    void aServerThatExitsFirstFailsWithItsStderr() {
        assertThatThrownBy(() -> ServerProcess.start(List.of("sh", "-c", "echo 'no such pattern' >&2; exit 3"),
                Duration.ofSeconds(10)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("exited before printing its 'serving ...' line (exit code 3)")
                .hasMessageContaining("no such pattern");
    }

    @Test
    void aServerThatPrintsSomethingElseFails() {
        assertThatThrownBy(() -> ServerProcess.start(List.of("sh", "-c", "echo hello; sleep 30"),
                Duration.ofSeconds(10)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("printed 'hello' where 'serving NAME (PROTOCOL) on HOST:PORT' was expected");
    }

    @Test
    void aSilentServerTimesOut() {
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> ServerProcess.start(List.of("sleep", "30"), Duration.ofSeconds(1)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("printed no 'serving ...' line within 1 s");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aServerThatIgnoresSigtermIsKilled() throws IOException {
        ServerProcess server = ServerProcess.start(List.of("sh", "-c",
                "trap '' TERM; echo 'serving stubborn (echo) on 127.0.0.1:9'; while :; do sleep 1; done"),
                Duration.ofSeconds(10));
        ServerProcess.Stopped stopped = server.stop(Duration.ofMillis(500));
        assertThat(stopped.killed()).isTrue();
        assertThat(server.isAlive()).isFalse();
    }

    @Test
    void readsTheStatsFromTheJsonLineNotTheTable() {
        var stopped = new ServerProcess.Stopped(0, false, List.of("worker 0: 1 connection",
                "worker 1: 1,234 connections",
                "worker 2: 7 connections", "accepted 1,242, refused 0, bytes in 5, bytes out 5",
                "{\"accepted\":1242,\"refused\":0,\"active\":0,\"bytesIn\":5,\"bytesOut\":5,"
                        + "\"servedPerWorker\":[1,1234,7]}"), "");
        assertThat(stopped.connectionsPerWorker()).containsExactly(1L, 1234L, 7L);
        assertThat(stopped.stats().accepted()).isEqualTo(1242);
        var killed = new ServerProcess.Stopped(-1, true, List.of("worker 0: 1 connection"), "");
        assertThat(killed.stats()).as("killed before it printed its stats").isNull();
        assertThat(killed.connectionsPerWorker()).isEmpty();
    }
}

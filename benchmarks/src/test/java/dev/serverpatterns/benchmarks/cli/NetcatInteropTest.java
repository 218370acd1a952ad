package dev.serverpatterns.benchmarks.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.serverpatterns.core.RunningServer;
import dev.serverpatterns.core.ServerConfig;
import dev.serverpatterns.core.ServerPatterns;
import dev.serverpatterns.core.protocols.ByteCountProtocol;
import dev.serverpatterns.testkit.SystemTools;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The servers speak to the real tool the docs use, {@code nc} (netcat-openbsd), not only to our
 * own client. {@code -N} shuts down nc's sending side when its stdin ends, which is the half-close
 * the protocols answer by finishing and closing. Without {@code nc} the test is skipped with the
 * install command, and fails under {@code -Dserverpatterns.requireTools=true} (CI): see
 * {@link SystemTools}.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class NetcatInteropTest {

    @Test
    void echoesLinesToNetcat() throws Exception {
        try (RunningServer server = ServerPatterns.byName("thread-per-client").start(ServerConfig.defaults())) {
            byte[] reply = netcat(server, "hello\nworld\n".getBytes(StandardCharsets.US_ASCII));

            assertThat(new String(reply, StandardCharsets.US_ASCII)).isEqualTo("hello\nworld\n");
        }
    }

    /** UNP's form: a newline-terminated count. */
    @Test
    void answersAUnpStyleByteCountRequestFromNetcat() throws Exception {
        assertThat(byteCountReply("4096\n")).isEqualTo(filler(4096));
    }

    /** csdesign's form: the count with no newline; nc's half-close (-N) completes it. */
    @Test
    void answersACsdesignStyleUnterminatedByteCountRequestFromNetcat() throws Exception {
        assertThat(byteCountReply("4096")).isEqualTo(filler(4096));
    }

    private static byte[] byteCountReply(String request) throws Exception {
        var config = ServerConfig.builder().protocol("bytes").build();
        try (RunningServer server = ServerPatterns.byName("thread-per-client").start(config)) {
            return netcat(server, request.getBytes(StandardCharsets.US_ASCII));
        }
    }

    private static byte[] filler(int n) {
        byte[] expected = new byte[n];
        Arrays.fill(expected, ByteCountProtocol.FILL);
        return expected;
    }

    /** {@code nc -N 127.0.0.1 PORT} with {@code input} on its stdin; what it printed. */
    private static byte[] netcat(RunningServer server, byte[] input) throws Exception {
        Process nc = new ProcessBuilder(findNetcat().toString(), "-N", "127.0.0.1",
                String.valueOf(server.address().getPort())).start();
        try {
            CompletableFuture<byte[]> stdout = CompletableFuture.supplyAsync(() -> readAll(nc));
            try (OutputStream stdin = nc.getOutputStream()) {
                stdin.write(input);
            }
            if (!nc.waitFor(10, TimeUnit.SECONDS)) {
                fail("nc did not exit within 10 s of its stdin closing");
            }
            String stderr = new String(nc.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(nc.exitValue())
                    .as("nc's exit status; stderr: %s (-N needs netcat-openbsd: apt-get install netcat-openbsd)",
                            stderr)
                    .isZero();
            return stdout.get(10, TimeUnit.SECONDS);
        } finally {
            nc.destroyForcibly();
        }
    }

    private static byte[] readAll(Process nc) {
        try {
            return nc.getInputStream().readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path findNetcat() {
        return SystemTools.require("nc", "netcat-openbsd", "to check the servers against the tool the docs use");
    }
}

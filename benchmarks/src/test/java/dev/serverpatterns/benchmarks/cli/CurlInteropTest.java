package dev.serverpatterns.benchmarks.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.serverpatterns.core.RunningServer;
import dev.serverpatterns.core.ServerConfig;
import dev.serverpatterns.core.ServerPattern;
import dev.serverpatterns.core.ServerPatterns;
import dev.serverpatterns.core.protocols.HttpProtocol;
import dev.serverpatterns.testkit.SystemTools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every pattern serves {@code http} to a client nobody here wrote: the real {@code curl -v}.
 * Two URLs in one run make curl reuse its connection, so keep-alive is checked by curl's own
 * account of it ({@code Re-using existing connection}). Without curl the test is skipped with the
 * install command, and fails under {@code -Dserverpatterns.requireTools=true} (CI): see
 * {@link SystemTools}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CurlInteropTest {

    static List<String> patterns() {
        return ServerPatterns.all().stream().map(ServerPattern::name).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("patterns")
    void curlGetsTheBodyTwiceOverOneKeptAliveConnectionAndA404(String pattern) throws Exception {
        Path curl = SystemTools.require("curl", "curl", "to check the http protocol against a real client");
        var config = ServerConfig.builder().protocol("http").build();
        try (RunningServer server = ServerPatterns.byName(pattern).start(config)) {
            String base = "http://127.0.0.1:" + server.address().getPort();
            Process process = new ProcessBuilder(curl.toString(), "-v", "--silent", "--show-error", "--max-time", "10",
                    base + "/", base + "/", base + "/missing").start();
            process.getOutputStream().close();
            CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> read(process, true));
            String stdout = read(process, false);
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("curl did not exit within 20 s");
            }
            String log = stderr.get(10, TimeUnit.SECONDS);
            assertThat(process.exitValue()).as("curl's exit status; its -v log:%n%s", log).isZero();
            assertThat(stdout).isEqualTo(HttpProtocol.BODY + HttpProtocol.BODY + "not found\n");
            assertThat(log).contains("< HTTP/1.1 200 OK", "< Content-Type: text/plain", "< HTTP/1.1 404 Not Found")
                    .containsPattern("(?i)re-?using (existing )?connection");
        }
    }

    private static String read(Process process, boolean error) {
        try {
            var stream = error ? process.getErrorStream() : process.getInputStream();
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

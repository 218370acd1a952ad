package dev.serverpatterns.benchmarks.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.serverpatterns.benchmarks.client.PingPongClient;
import dev.serverpatterns.testkit.SystemTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The C yardstick compiles here and echoes. Without gcc the test is skipped with the reason, and
 * fails under {@code -Dserverpatterns.requireTools=true} (CI installs gcc): see {@link SystemTools}.
 */
@Timeout(60)
class YardstickTest {

    @Test
    void compilesAndEchoes() throws IOException {
        Path binary;
        try {
            binary = Yardstick.binary();
        } catch (Yardstick.Unavailable e) {
            SystemTools.missing("the C yardstick cannot be compiled here: " + e.getMessage());
            return;
        }
        assertThat(Files.isExecutable(binary)).isTrue();
        assertThat(new String(Yardstick.source())).contains("epoll_wait", "serving yardstick (echo) on");

        ServerLaunch launch = ServerLaunch.of(Yardstick.NAME, "echo", Duration.ZERO, 16);
        launch.check();
        try (ServerProcess server = launch.start();
             PingPongClient client = new PingPongClient(server.address(), 16, 64, Duration.ofSeconds(5))) {
            assertThat(server.name()).isEqualTo(Yardstick.NAME);
            Histogram latencies = new Histogram(TimeUnit.MINUTES.toNanos(1), 3);
            for (int i = 0; i < 1000; i++) {
                client.roundTrip(latencies);
            }
            assertThat(latencies.getTotalCount()).isEqualTo(1000);
            assertThat(server.rssBytes()).isPositive();
            assertThat(server.cpuNanos()).isNotNegative();
        }
    }

    /** Skips (or, in CI, fails) the test when the yardstick cannot be compiled here. */
    static void requireCompiler() {
        String reason = Yardstick.unavailableReason();
        if (reason != null) {
            SystemTools.missing(reason);
        }
    }

    @Test
    void compilesOncePerSource() throws Yardstick.Unavailable {
        requireCompiler();
        assertThat(Yardstick.binary()).isEqualTo(Yardstick.binary());
    }
}

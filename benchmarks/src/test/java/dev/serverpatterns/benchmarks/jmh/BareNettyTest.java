package dev.serverpatterns.benchmarks.jmh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverpatterns.benchmarks.client.PingPongClient;
import dev.serverpatterns.testkit.SystemTools;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The bare-Netty reference starts like a pattern, in its own JVM, and echoes; it takes the
 * yardstick's scenarios only. Where Netty's epoll transport cannot load, the test is skipped with
 * Netty's reason (and fails under {@code -Dserverpatterns.requireTools=true}).
 */
@Timeout(60)
class BareNettyTest {

    @Test
    void startsInItsOwnProcessAndEchoes() throws IOException {
        String reason = BareNetty.unavailableReason();
        if (reason != null) {
            SystemTools.missing(reason);
        }
        ServerLaunch launch = ServerLaunch.of(BareNetty.NAME, "echo", Duration.ZERO, 16);
        launch.check();
        try (ServerProcess server = launch.start();
             PingPongClient client = new PingPongClient(server.address(), 16, 64, Duration.ofSeconds(5))) {
            assertThat(server.name()).isEqualTo(BareNetty.NAME);
            Histogram latencies = new Histogram(TimeUnit.MINUTES.toNanos(1), 3);
            for (int i = 0; i < 1000; i++) {
                client.roundTrip(latencies);
            }
            assertThat(latencies.getTotalCount()).isEqualTo(1000);
            assertThat(server.cpuNanos()).isNotNegative();
        }
    }

    @Test
    void speaksEchoWithNoWorkOnly() {
        assertThatThrownBy(() -> ServerLaunch.of(BareNetty.NAME, "bytes", Duration.ZERO, 5).check())
                .isInstanceOf(CannotRun.class).hasMessageContaining("bare-Netty echo server speaks echo only");
        assertThatThrownBy(() -> ServerLaunch.of(BareNetty.NAME, "echo", Duration.ofMillis(1), 64).check())
                .isInstanceOf(CannotRun.class).hasMessageContaining("no simulated per-message work");
    }
}

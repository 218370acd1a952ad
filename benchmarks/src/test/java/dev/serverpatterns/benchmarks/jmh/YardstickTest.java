package dev.serverpatterns.benchmarks.jmh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The C yardstick compiles here and echoes; gcc is a requirement of the suite (CI installs it). */
@Timeout(60)
class YardstickTest {

    @Test
    void compilesAndEchoes() throws IOException {
        Path binary;
        try {
            binary = Yardstick.binary();
        } catch (Yardstick.Unavailable e) {
            fail("the C yardstick must compile on a build machine (install gcc): " + e.getMessage());
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

    @Test
    void compilesOncePerSource() throws Yardstick.Unavailable {
        assertThat(Yardstick.binary()).isEqualTo(Yardstick.binary());
    }
}

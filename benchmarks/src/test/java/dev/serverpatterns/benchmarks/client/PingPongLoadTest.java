package dev.serverpatterns.benchmarks.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverpatterns.core.RunningServer;
import dev.serverpatterns.core.ServerConfig;
import dev.serverpatterns.core.ServerPatterns;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PingPongLoadTest {

    private static final LoadLimits QUICK = new LoadLimits(Duration.ofSeconds(2), Duration.ofSeconds(2),
            Duration.ofMillis(500));

    @Test
    void roundTripsAgainstARealEchoPattern() throws Exception {
        try (RunningServer server = ServerPatterns.byName("thread-per-client").start(ServerConfig.defaults())) {
            List<LoadProgress> progress = new ArrayList<>();
            LoadResult result = new PingPongLoad(server.address(), 4, 64, Duration.ofMillis(1200), QUICK)
                    .run(progress::add);

            assertThat(result.firstErrors()).isEmpty();
            assertThat(result.errors()).isZero();
            assertThat(result.completed()).isPositive();
            assertThat(result.starved()).isZero();
            assertThat(result.unit()).isEqualTo("round trips");
            assertThat(result.latencyAt(99)).isPositive();
            assertThat(result.elapsed()).isEqualTo(Duration.ofMillis(1200));
            assertThat(result.succeeded()).isTrue();
            assertThat(progress).as("about one progress report a second").hasSize(1);
            assertThat(progress.getFirst().completed()).isPositive();
        }
    }

    @Test
    void againstTheIterativeServerAllButOneConnectionStarveAndTheRunStillEndsOnTime() throws Exception {
        try (RunningServer server = ServerPatterns.byName("iterative").start(ServerConfig.defaults())) {
            long start = System.nanoTime();
            LoadResult result = new PingPongLoad(server.address(), 4, 64, Duration.ofSeconds(1), QUICK).run();

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
            assertThat(result.starved()).isEqualTo(3);
            assertThat(result.errors()).isZero();
            assertThat(result.completed()).isPositive();
        }
    }

    @Test
    void theLargestMessagesAreEchoedWhole() throws Exception {
        try (RunningServer server = ServerPatterns.byName("thread-per-client").start(ServerConfig.defaults())) {
            LoadResult result = new PingPongLoad(server.address(), 2, PingPongLoad.MAX_SIZE, Duration.ofMillis(500),
                    QUICK).run();

            assertThat(result.firstErrors()).isEmpty();
            assertThat(result.completed()).isPositive();
            assertThat(result.serverCpuNanos()).as("no server clock given").isEqualTo(-1);
            assertThat(result.serverCpuMicrosPerOperation()).isNaN();
        }
    }

    @Test
    void aShortReplyIsAnErrorThatSaysHowShort() throws Exception {
        try (var server = new FakeServer(client -> {
            byte[] message = FakeServer.readExactly(client, 64);
            client.getOutputStream().write(message, 0, 10);
        })) {
            LoadResult result = new PingPongLoad(server.address(), 1, 64, Duration.ofSeconds(5), QUICK).run();

            assertThat(result.errors()).isEqualTo(1);
            assertThat(result.firstErrors()).containsExactly(
                    "connection 1: server closed the connection after 10 of 64 bytes");
            assertThat(result.elapsed()).as("the run ends when its last connection has failed")
                    .isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void aCorruptedEchoIsAnErrorThatSaysWhere() throws Exception {
        try (var server = new FakeServer(client -> {
            byte[] message = FakeServer.readExactly(client, 64);
            message[17] ^= 0x20;
            client.getOutputStream().write(message);
        })) {
            LoadResult result = new PingPongLoad(server.address(), 1, 64, Duration.ofSeconds(5), QUICK).run();

            assertThat(result.errors()).isEqualTo(1);
            assertThat(result.firstErrors()).singleElement().asString()
                    .startsWith("connection 1: reply differs at byte 17: expected 'r' (0x72), got 'R' (0x52)");
        }
    }

    @Test
    void aStaleEchoIsCaughtByTheSequenceNumber() throws Exception {
        try (var server = new FakeServer(client -> {
            byte[] first = FakeServer.readExactly(client, 64);
            client.getOutputStream().write(first);
            FakeServer.readExactly(client, 64);
            client.getOutputStream().write(first); // the first message again
        })) {
            LoadResult result = new PingPongLoad(server.address(), 1, 64, Duration.ofSeconds(5), QUICK).run();

            assertThat(result.completed()).isEqualTo(1);
            assertThat(result.firstErrors()).singleElement().asString()
                    .startsWith("connection 1: reply differs at byte 0: expected 0x02, got 0x01");
        }
    }

    @Test
    void aServerThatNeverAnswersIsCutOffAtTheDeadline() throws Exception {
        var limits = new LoadLimits(Duration.ofSeconds(2), Duration.ofSeconds(20), Duration.ofMillis(300));
        try (var server = new FakeServer(FakeServer::neverAnswer)) {
            long start = System.nanoTime();
            LoadResult result = new PingPongLoad(server.address(), 3, 64, Duration.ofMillis(300), limits).run();

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
            assertThat(result.errors()).isEqualTo(3);
            assertThat(result.starved()).as("failed connections are errors, not starved").isZero();
            assertThat(result.firstErrors()).allSatisfy(error -> assertThat(error)
                    .endsWith(": no reply by the deadline: 0 of 64 bytes received"));
        }
    }

    @Test
    void aRefusedConnectionNamesTheAddress() throws Exception {
        InetSocketAddress closed = ChurnLoadTest.closedPort();
        LoadResult result = new PingPongLoad(closed, 2, 64, Duration.ofSeconds(5), QUICK).run();

        assertThat(result.errors()).isEqualTo(2);
        assertThat(result.firstErrors()).allSatisfy(error -> assertThat(error)
                .contains("connect to 127.0.0.1:" + closed.getPort() + " failed: Connection refused"));
        assertThat(result.elapsed()).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void refusesParametersItCannotHonour() {
        var address = new InetSocketAddress("127.0.0.1", 2000);
        assertThatThrownBy(() -> new PingPongLoad(address, 1, 65 * 1024, Duration.ofSeconds(1), QUICK))
                .hasMessage("size must be 1-65536 bytes, got 66560");
        assertThatThrownBy(() -> new PingPongLoad(address, 1001, 64, Duration.ofSeconds(1), QUICK))
                .hasMessage("connections must be 1-1000, got 1001");
    }
}

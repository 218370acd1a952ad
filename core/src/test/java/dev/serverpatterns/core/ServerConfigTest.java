package dev.serverpatterns.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ServerConfigTest {

    @Test
    void defaultsAreSafe() {
        ServerConfig config = ServerConfig.defaults();
        assertThat(config.bindAddress().getHostAddress()).as("loopback only").isEqualTo("127.0.0.1");
        assertThat(config.port()).isZero();
        assertThat(config.protocol()).isEqualTo("echo");
        assertThat(config.outputBufferCap()).isEqualTo(64 * 1024);
        assertThat(config.idleTimeout()).isPositive();
        assertThat(config.workPerMessage()).isZero();
    }

    static Stream<Arguments> badValues() {
        return Stream.of(
                bad(b -> b.port(-1), "port must be 0 (ephemeral) or 1-65535, got -1"),
                bad(b -> b.workers(0), "workers must be 1-4096, got 0"),
                bad(b -> b.backlog(0), "backlog must be 1-65535, got 0"),
                bad(b -> b.maxConnections(0), "--max-connections must be at least 1, got 0"),
                bad(b -> b.idleTimeout(Duration.ofSeconds(-1)), "--idle-timeout must not be negative, got -1s"),
                bad(b -> b.idleTimeout(Duration.ofDays(30)), "--idle-timeout must be at most 24d, got 30d"),
                bad(b -> b.outputBufferCap(10), "--output-buffer must be 1KiB-64MiB, got 10"),
                bad(b -> b.workPerMessage(Duration.ofMinutes(1)), "--work must be 0-10s, got 1m"),
                bad(b -> b.protocol("smtp"), "unknown protocol 'smtp'; known: bytes, echo"));
    }

    private static Arguments bad(UnaryOperator<ServerConfig.Builder> change, String message) {
        return Arguments.of(change, message);
    }

    @ParameterizedTest
    @MethodSource("badValues")
    void badValuesAreRejectedWithAMessageThatSaysWhatIsAllowed(UnaryOperator<ServerConfig.Builder> change,
                                                                String message) {
        assertThatThrownBy(() -> change.apply(ServerConfig.builder()).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    @Test
    void simulatedWorkWrapsTheSessionOnlyWhenAsked() {
        assertThat(ServerConfig.defaults().sessions().get()).isNotInstanceOf(SimulatedWork.class);
        assertThat(ServerConfig.builder().workPerMessage(Duration.ofMillis(1)).build().sessions().get())
                .isInstanceOf(SimulatedWork.class);
    }

    @Test
    void theProtocolIsLookedUpOnceNotPerSession() {
        var sessions = ServerConfig.defaults().sessions();
        assertThat(sessions.get()).isNotSameAs(sessions.get()).hasSameClassAs(sessions.get());
    }

    @Test
    void argumentsNameEveryFieldByItsOption() {
        List<String> args = ServerConfig.defaults().toArguments();
        assertThat(args).hasSize(2 * ServerConfig.OPTIONS.size());
        for (int i = 0; i < args.size(); i += 2) {
            assertThat(args.get(i)).isEqualTo(ServerConfig.OPTIONS.get(i / 2));
        }
        assertThat(args).containsSequence("--idle-timeout", "5m").containsSequence("--output-buffer", "64KiB")
                .containsSequence("--host", "127.0.0.1");
    }

    static Stream<Long> seeds() {
        long first = Long.getLong("serverpatterns.seed", System.nanoTime());
        return Stream.iterate(first, s -> s + 1).limit(50);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void argumentsRoundTripExactly(long seed) throws Exception {
        var random = new Random(seed);
        ServerConfig config = ServerConfig.builder()
                .bindAddress(random.nextBoolean() ? InetAddress.getByName("::1") : InetAddress.getByName("127.0.0.2"))
                .port(random.nextInt(65536))
                .protocol(random.nextBoolean() ? "echo" : "bytes")
                .workers(1 + random.nextInt(ServerConfig.MAX_WORKERS))
                .backlog(1 + random.nextInt(65535))
                .maxConnections(1 + random.nextInt(1_000_000))
                .idleTimeout(Duration.ofMillis(random.nextInt(10_000_000)))
                .outputBufferCap(ServerConfig.MIN_OUTPUT_BUFFER_CAP
                        + random.nextInt(ServerConfig.MAX_OUTPUT_BUFFER_CAP - ServerConfig.MIN_OUTPUT_BUFFER_CAP))
                .workPerMessage(Duration.ofNanos(random.nextLong(ServerConfig.MAX_WORK_PER_MESSAGE.toNanos())))
                .build();
        assertThat(ServerConfig.fromArguments(config.toArguments()))
                .as("seed %d (replay with -Dserverpatterns.seed=%d)", seed, seed).isEqualTo(config);
    }

    @Test
    void argumentsThatAreWrongSayWhich() {
        assertThatThrownBy(() -> ServerConfig.fromArguments(List.of("--wokers", "4")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown option '--wokers'")
                .hasMessageContaining("--workers");
        assertThatThrownBy(() -> ServerConfig.fromArguments(List.of("--port")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--port needs a value");
        assertThatThrownBy(() -> ServerConfig.fromArguments(List.of("--idle-timeout", "5")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("--idle-timeout: '5' is not a duration");
        assertThat(ServerConfig.fromArguments(List.of("--workers", "7")))
                .as("a subset keeps the defaults").isEqualTo(ServerConfig.builder().workers(7).build());
    }

    @Test
    void toBuilderKeepsEveryField() {
        ServerConfig config = ServerConfig.builder().port(2000).protocol("bytes").workers(7).backlog(9)
                .maxConnections(11).idleTimeout(Duration.ofSeconds(3)).outputBufferCap(4096)
                .workPerMessage(Duration.ofMillis(5)).build();
        assertThat(config.toBuilder().build()).isEqualTo(config);
    }
}

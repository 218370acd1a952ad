package dev.serverpatterns.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
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
                bad(b -> b.maxConnections(0), "maxConnections must be at least 1, got 0"),
                bad(b -> b.idleTimeout(Duration.ofSeconds(-1)), "idleTimeout must not be negative"),
                bad(b -> b.outputBufferCap(10), "outputBufferCap must be 1024-67108864 bytes, got 10"),
                bad(b -> b.workPerMessage(Duration.ofMinutes(1)), "workPerMessage must be 0-10000 ms"),
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
        assertThat(ServerConfig.defaults().newSession()).isNotInstanceOf(SimulatedWork.class);
        assertThat(ServerConfig.builder().workPerMessage(Duration.ofMillis(1)).build().newSession())
                .isInstanceOf(SimulatedWork.class);
    }

    @Test
    void toBuilderKeepsEveryField() {
        ServerConfig config = ServerConfig.builder().port(2000).protocol("bytes").workers(7).backlog(9)
                .maxConnections(11).idleTimeout(Duration.ofSeconds(3)).outputBufferCap(4096)
                .workPerMessage(Duration.ofMillis(5)).build();
        assertThat(config.toBuilder().build()).isEqualTo(config);
    }
}

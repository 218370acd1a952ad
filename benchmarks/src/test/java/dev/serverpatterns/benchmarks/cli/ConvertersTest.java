package dev.serverpatterns.benchmarks.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class ConvertersTest {

    private final DurationConverter durations = new DurationConverter();
    private final ByteSizeConverter sizes = new ByteSizeConverter();

    @Test
    void durationsAsPeopleTypeThem() {
        assertThat(durations.convert("0")).isZero();
        assertThat(durations.convert("5ms")).isEqualTo(Duration.ofMillis(5));
        assertThat(durations.convert("2s")).isEqualTo(Duration.ofSeconds(2));
        assertThat(durations.convert("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(durations.convert("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(durations.convert("250us")).isEqualTo(Duration.ofNanos(250_000));
        assertThat(durations.convert("PT1.5S")).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void aDurationWithoutAUnitIsRefusedWithAnExample() {
        assertThatThrownBy(() -> durations.convert("5")).isInstanceOf(TypeConversionException.class)
                .hasMessage("'5' is not a duration: use a number and a unit (ms, s, m, h), e.g. 500ms, 2s, 5m; or 0");
        assertThatThrownBy(() -> durations.convert("-1s")).isInstanceOf(TypeConversionException.class);
    }

    @Test
    void durationsPrintBackInTheirLargestExactUnit() {
        assertThat(DurationConverter.format(Duration.ZERO)).isEqualTo("0");
        assertThat(DurationConverter.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(DurationConverter.format(Duration.ofMinutes(5))).isEqualTo("5m");
        assertThat(DurationConverter.format(Duration.ofSeconds(3))).isEqualTo("3s");
    }

    @Test
    void sizesInBytesKibAndMib() {
        assertThat(sizes.convert("4096")).isEqualTo(4096);
        assertThat(sizes.convert("64KiB")).isEqualTo(65536);
        assertThat(sizes.convert("64k")).isEqualTo(65536);
        assertThat(sizes.convert("1MiB")).isEqualTo(1 << 20);
        assertThatThrownBy(() -> sizes.convert("lots")).isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("e.g. 4096, 64KiB, 1MiB");
        assertThatThrownBy(() -> sizes.convert("4096MiB")).hasMessageContaining("too large");
    }
}

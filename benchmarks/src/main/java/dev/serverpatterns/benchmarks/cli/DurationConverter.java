package dev.serverpatterns.benchmarks.cli;

import dev.serverpatterns.core.Units;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads durations the way people type them ({@code 5ms}, {@code 2s}, {@code 0}): see {@link Units#parseDuration}. */
final class DurationConverter implements ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        try {
            return Units.parseDuration(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    /** The inverse, for printing: the largest unit that shows the value exactly. */
    static String format(Duration d) {
        return Units.formatDuration(d);
    }
}

package dev.serverpatterns.benchmarks.cli;

import dev.serverpatterns.core.Units;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a byte count ({@code 4096}, {@code 64KiB}, {@code 1MiB}): see {@link Units#parseSize}. */
final class ByteSizeConverter implements ITypeConverter<Integer> {

    @Override
    public Integer convert(String value) {
        try {
            return Units.parseSize(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}

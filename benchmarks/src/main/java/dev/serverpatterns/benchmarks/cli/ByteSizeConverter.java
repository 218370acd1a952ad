package dev.serverpatterns.benchmarks.cli;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a byte count: {@code 4096}, {@code 64KiB}, {@code 1MiB}; {@code K}/{@code KB} and
 * {@code M}/{@code MB} are read as binary too, since buffer sizes always are.
 */
final class ByteSizeConverter implements ITypeConverter<Integer> {

    private static final Pattern AMOUNT_AND_UNIT = Pattern.compile("(\\d{1,10})\\s*(|b|k|kb|kib|m|mb|mib)");

    @Override
    public Integer convert(String value) {
        Matcher m = AMOUNT_AND_UNIT.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new TypeConversionException("'" + value + "' is not a size: use bytes, or KiB or MiB, "
                    + "e.g. 4096, 64KiB, 1MiB");
        }
        long shift = switch (m.group(2)) {
            case "k", "kb", "kib" -> 10;
            case "m", "mb", "mib" -> 20;
            default -> 0;
        };
        long bytes = Long.parseLong(m.group(1)) << shift;
        if (bytes > Integer.MAX_VALUE) {
            throw new TypeConversionException("'" + value + "' is too large: at most " + Integer.MAX_VALUE + " bytes");
        }
        return (int) bytes;
    }
}

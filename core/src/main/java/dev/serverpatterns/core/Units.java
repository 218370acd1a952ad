package dev.serverpatterns.core;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations and byte sizes the way people type them, read and written by one class, so that a
 * message or a log line shows {@code 2s} where the user typed {@code 2s} (not {@code PT2S}), and
 * a child process is handed back exactly what its parent was given.
 */
public final class Units {

    private static final Pattern DURATION = Pattern.compile("(\\d{1,12})\\s*(ns|us|µs|ms|s|m|h|d)");
    private static final Pattern SIZE = Pattern.compile("(\\d{1,10})\\s*(|b|k|kb|kib|m|mb|mib)");

    private Units() {
    }

    /**
     * {@code 5ms}, {@code 2s}, {@code 5m}, {@code 1h}, {@code 0}; ISO-8601 ({@code PT5S}) too. A bare
     * number other than 0 is refused: whether {@code 5} means seconds or milliseconds is exactly
     * the ambiguity a unit removes.
     *
     * @throws IllegalArgumentException saying what is accepted
     */
    public static Duration parseDuration(String value) {
        String text = value.trim().toLowerCase(Locale.ROOT);
        if (text.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = DURATION.matcher(text);
        if (m.matches()) {
            long amount = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ns" -> Duration.ofNanos(amount);
                case "us", "µs" -> Duration.ofNanos(amount * 1000);
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        }
        if (text.startsWith("p")) {
            try {
                return Duration.parse(text);
            } catch (DateTimeParseException e) {
                // fall through to the message below
            }
        }
        throw new IllegalArgumentException("'" + value + "' is not a duration: use a number and a unit "
                + "(ms, s, m, h), e.g. 500ms, 2s, 5m; or 0");
    }

    /** The inverse of {@link #parseDuration}: the largest unit that shows the value exactly. */
    public static String formatDuration(Duration d) {
        if (d.isZero()) {
            return "0";
        }
        long nanos = d.toNanos();
        if (nanos % 86_400_000_000_000L == 0) {
            return nanos / 86_400_000_000_000L + "d";
        }
        if (nanos % 3_600_000_000_000L == 0) {
            return nanos / 3_600_000_000_000L + "h";
        }
        if (nanos % 60_000_000_000L == 0) {
            return nanos / 60_000_000_000L + "m";
        }
        if (nanos % 1_000_000_000L == 0) {
            return nanos / 1_000_000_000L + "s";
        }
        if (nanos % 1_000_000L == 0) {
            return nanos / 1_000_000L + "ms";
        }
        return nanos % 1000 == 0 ? nanos / 1000 + "us" : nanos + "ns";
    }

    /**
     * A byte count: {@code 4096}, {@code 64KiB}, {@code 1MiB}; {@code K}/{@code KB} and
     * {@code M}/{@code MB} are read as binary too, since buffer sizes always are.
     *
     * @throws IllegalArgumentException saying what is accepted
     */
    public static int parseSize(String value) {
        Matcher m = SIZE.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + value + "' is not a size: use bytes, or KiB or MiB, "
                    + "e.g. 4096, 64KiB, 1MiB");
        }
        long shift = switch (m.group(2)) {
            case "k", "kb", "kib" -> 10;
            case "m", "mb", "mib" -> 20;
            default -> 0;
        };
        long bytes = Long.parseLong(m.group(1)) << shift;
        if (bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("'" + value + "' is too large: at most " + Integer.MAX_VALUE + " bytes");
        }
        return (int) bytes;
    }

    /** The inverse of {@link #parseSize}: {@code 64KiB}, {@code 1MiB}, or plain bytes. */
    public static String formatSize(long bytes) {
        if (bytes != 0 && bytes % (1 << 20) == 0) {
            return bytes / (1 << 20) + "MiB";
        }
        if (bytes != 0 && bytes % 1024 == 0) {
            return bytes / 1024 + "KiB";
        }
        return Long.toString(bytes);
    }
}

package dev.serverpatterns.benchmarks.cli;

import java.time.Duration;
import java.util.Locale;

/** How the commands print numbers: grouped counts ({@code 12,345}) and latencies in a readable unit. */
final class Formats {

    private Formats() {
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%,.0f", perSecond);
    }

    /** {@code 1 connection}, {@code 147 connections}. */
    static String plural(long n, String singular) {
        return count(n) + " " + (n == 1 ? singular : singular + "s");
    }

    /** Three significant digits in the largest fitting unit: {@code 45.2 us}, {@code 1.23 ms}, {@code 2.00 s}. */
    static String latency(Duration d) {
        long nanos = d.toNanos();
        if (nanos < 1_000) {
            return nanos + " ns";
        }
        if (nanos < 1_000_000) {
            return threeDigits(nanos / 1e3) + " us";
        }
        if (nanos < 1_000_000_000) {
            return threeDigits(nanos / 1e6) + " ms";
        }
        return threeDigits(nanos / 1e9) + " s";
    }

    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.2f s", d.toNanos() / 1e9);
    }

    private static String threeDigits(double v) {
        return String.format(Locale.ROOT, v < 10 ? "%.2f" : v < 100 ? "%.1f" : "%.0f", v);
    }
}

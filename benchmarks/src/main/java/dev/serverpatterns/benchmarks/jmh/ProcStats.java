package dev.serverpatterns.benchmarks.jmh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * CPU time and resident memory of a process and its descendants, read from Linux's
 * {@code /proc}. A pattern that forks workers is charged for them too: the process tree is
 * what serves, so the tree is what is measured.
 *
 * <p>Resolution: {@code /proc/PID/stat} counts CPU time in clock ticks, 1/100 s on Linux
 * ({@code USER_HZ} is 100 on every architecture the JDK runs on), so a measurement should span
 * seconds, not milliseconds. RSS is summed over the tree, which counts pages that forked
 * children share more than once; children started with posix_spawn(3) (the prefork family's child
 * JVMs) share little beyond the JDK's mapped class-data archive, so their sum is close to the truth.
 */
public final class ProcStats {

    /** Linux reports utime/stime in USER_HZ ticks; USER_HZ is 100 (see {@code getconf CLK_TCK}). */
    static final long NANOS_PER_TICK = 10_000_000L;

    private ProcStats() {
    }

    /** Whether this machine has a Linux {@code /proc} to read; elsewhere the figures are -1. */
    public static boolean available() {
        return Files.isReadable(Path.of("/proc/self/stat"));
    }

    /**
     * User plus system CPU time of {@code pid}, of its children it has already reaped, and of
     * its live descendants with the children they have reaped, in nanoseconds; -1 if the process
     * is gone or {@code /proc} is missing.
     *
     * <p>Every process of the tree is counted once: the kernel adds a child's time (its own and
     * what it had reaped) to its parent's cutime/cstime only when the parent reaps it, at which
     * point it is no longer a live descendant. So a server whose children come and go
     * (fork-per-client) is charged for the ended ones through cutime, and a live child that
     * itself started and reaped helpers (a JVM writing an AOT cache at exit) for them through its own.
     * A child that has ended but is not yet reaped (a zombie) is counted in neither: its time
     * shows up once it is reaped, which the process designs do at once.
     */
    public static long treeCpuNanos(long pid) {
        long own = cpuTicks(pid, true);
        if (own < 0) {
            return -1;
        }
        long total = own;
        for (long child : descendants(pid)) {
            total += Math.max(0, cpuTicks(child, true));
        }
        return total * NANOS_PER_TICK;
    }

    /** Resident set size of {@code pid} and its live descendants, in bytes; -1 if unknown. */
    public static long treeRssBytes(long pid) {
        long own = rssBytes(pid);
        if (own < 0) {
            return -1;
        }
        long total = own;
        for (long child : descendants(pid)) {
            total += Math.max(0, rssBytes(child));
        }
        return total;
    }

    /** The CPU time of this JVM process (the benchmark client), in nanoseconds; -1 if unknown. */
    public static long selfCpuNanos() {
        long ticks = cpuTicks(ProcessHandle.current().pid(), false);
        if (ticks >= 0) {
            return ticks * NANOS_PER_TICK;
        }
        return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
    }

    /**
     * The CPU time of the children this JVM has started and reaped so far (cutime + cstime), in
     * nanoseconds; -1 if unknown. The difference across a child's life is that child's CPU time,
     * provided no other child was reaped meanwhile.
     */
    public static long reapedChildrenCpuNanos() {
        String stat = stat(ProcessHandle.current().pid());
        if (stat == null) {
            return -1;
        }
        long all = parseCpuTicks(stat, true);
        long own = parseCpuTicks(stat, false);
        return all < 0 || own < 0 ? -1 : (all - own) * NANOS_PER_TICK;
    }

    /** utime + stime (+ cutime + cstime), in ticks, from /proc/PID/stat; -1 if unreadable. */
    static long cpuTicks(long pid, boolean withReapedChildren) {
        String stat = stat(pid);
        return stat == null ? -1 : parseCpuTicks(stat, withReapedChildren);
    }

    /** {@code /proc/PID/stat}, or null if the process is gone or there is no /proc. */
    private static String stat(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Parses {@code /proc/PID/stat}: the command name, field 2, is in parentheses and may itself
     * hold spaces and parentheses, so fields are counted from the last ')'. Fields 14-17 are
     * utime, stime, cutime, cstime.
     */
    static long parseCpuTicks(String stat, boolean withReapedChildren) {
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            return -1;
        }
        String[] f = stat.substring(close + 2).trim().split(" +");
        // f[0] is field 3 (state), so field n is f[n - 3]
        long ticks = Long.parseLong(f[14 - 3]) + Long.parseLong(f[15 - 3]);
        if (withReapedChildren) {
            ticks += Long.parseLong(f[16 - 3]) + Long.parseLong(f[17 - 3]);
        }
        return ticks;
    }

    /** VmRSS from /proc/PID/status, in bytes; -1 if unreadable (a zombie has none). */
    static long rssBytes(long pid) {
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"));
        } catch (IOException e) {
            return -1;
        }
        return parseRssBytes(lines);
    }

    static long parseRssBytes(List<String> statusLines) {
        for (String line : statusLines) {
            if (line.startsWith("VmRSS:")) {
                String[] f = line.substring(6).trim().split("\\s+");
                return Long.parseLong(f[0]) * 1024; // the unit is always kB
            }
        }
        return -1;
    }

    private static List<Long> descendants(long pid) {
        try (Stream<ProcessHandle> all = ProcessHandle.of(pid).stream().flatMap(ProcessHandle::descendants)) {
            return all.map(ProcessHandle::pid).toList();
        }
    }
}

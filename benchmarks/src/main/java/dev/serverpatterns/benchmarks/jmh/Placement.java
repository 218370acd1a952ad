package dev.serverpatterns.benchmarks.jmh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Where the client and the server run, chosen once per suite run with the system property
 * {@value #PROPERTY} and written atop the report:
 * <ul>
 *   <li>{@code none} (the default): no pinning; Linux schedules the client (JMH's forked JVM)
 *       and the server process over all cores;</li>
 *   <li>{@code split}: the client on CPU 0, the server on the other CPUs (with {@code taskset});</li>
 *   <li>{@code shared}: both on CPU 0.</li>
 * </ul>
 * Why it matters: on a virtual machine a wake-up on another CPU can cost tens of microseconds,
 * so with no pinning a 1-connection ping-pong measures whether the scheduler happened to put
 * client and server on the same CPU as much as it measures the server.
 */
public enum Placement {
    NONE("no pinning: the server process and the benchmark client (JMH's forked JVM) share all cores, "
            + "scheduled by Linux"),
    SPLIT("split: the benchmark client pinned to CPU 0, the server to the other CPUs (taskset)"),
    SHARED("shared: the benchmark client and the server both pinned to CPU 0 (taskset)");

    public static final String PROPERTY = "serverpatterns.bench.placement";

    private final String description;
    private static boolean clientPinned;

    Placement(String description) {
        this.description = description;
    }

    /** The placement this JVM was asked for. */
    public static Placement current() {
        String value = System.getProperty(PROPERTY, "none").trim().toUpperCase(Locale.ROOT);
        try {
            return valueOf(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PROPERTY + " must be none, split or shared, not '"
                    + System.getProperty(PROPERTY) + "'", e);
        }
    }

    public String description() {
        return description + "; client and server are separate processes on loopback";
    }

    /** What to put before a server's command so it runs where this placement says. */
    List<String> serverPrefix() {
        int cpus = Runtime.getRuntime().availableProcessors();
        return switch (this) {
            case NONE -> List.of();
            case SHARED -> List.of("taskset", "-c", "0");
            case SPLIT -> List.of("taskset", "-c", cpus <= 2 ? "1" : "1-" + (cpus - 1));
        };
    }

    /** What to put before a client's command (wrk) so it runs where this placement puts the client. */
    List<String> clientPrefix() {
        return this == NONE ? List.of() : List.of("taskset", "-c", "0");
    }

    /** Pins every thread of this JVM (the client) to CPU 0, once; nothing for {@link #NONE}. */
    synchronized void pinClient() throws IOException {
        if (this == NONE || clientPinned) {
            return;
        }
        Process p = new ProcessBuilder("taskset", "-a", "-cp", "0", Long.toString(ProcessHandle.current().pid()))
                .redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("taskset could not pin the client: " + out.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while pinning the client", e);
        }
        clientPinned = true;
    }
}

package dev.serverpatterns.benchmarks.jmh;

import dev.serverpatterns.benchmarks.report.Json;
import dev.serverpatterns.core.ServerPattern;
import dev.serverpatterns.core.ServerPatterns;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The HTTP run: every registered pattern serving the {@code http} protocol, and nginx serving the
 * same response ({@link Nginx}, with one worker and with one per core), each driven by the same
 * outside client, {@link Wrk}, at {@link #CONNECTIONS} keep-alive connections. Like the UNP run it is
 * not a JMH benchmark: wrk is the client, so each row is one wrk run after a warm-up run against a
 * server started for it. A row holds what wrk measured (requests/s, latency percentiles, errors)
 * and the server's CPU time over the measured run (its whole process tree, from /proc), divided by
 * the requests: what the design spends per request, whichever side was the bottleneck. wrk's own
 * CPU time tells whether the one-thread client was that bottleneck.
 *
 * <pre>
 * java -cp benchmarks.jar dev.serverpatterns.benchmarks.jmh.WrkRun --out docs/results/raw/wrk.json [--quick]
 * </pre>
 */
public final class WrkRun {

    /** The connection counts: a handful of busy clients, and many. */
    public static final List<Integer> CONNECTIONS = List.of(16, 256);
    public static final Duration WARM_UP = Duration.ofSeconds(3);
    public static final Duration MEASURED = Duration.ofSeconds(5);
    static final Duration QUICK_WARM_UP = Duration.ofSeconds(1);
    static final Duration QUICK_MEASURED = Duration.ofSeconds(2);

    private WrkRun() {
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of("wrk.json");
        boolean quick = false;
        List<String> only = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(args[++i]);
                case "--quick" -> quick = true;
                case "--patterns" -> only.addAll(List.of(args[++i].split(",")));
                default -> {
                    System.err.println("usage: WrkRun [--out FILE] [--quick] [--patterns NAME,...]");
                    System.exit(2);
                }
            }
        }
        run(out, quick, only, CONNECTIONS);
    }

    /** Every name this run measures when asked for {@code only} (every registered pattern if empty). */
    public static List<String> measured(List<String> only) {
        List<String> names = new ArrayList<>();
        for (ServerPattern p : ServerPatterns.all()) {
            if (only.isEmpty() || only.contains(p.name())) {
                names.add(p.name());
            }
        }
        names.add(Nginx.ONE_WORKER);
        names.add(Nginx.AUTO_WORKERS);
        return names;
    }

    /**
     * Measures nginx and the patterns named in {@code only} (every registered one if empty) at each
     * of {@code connections}, and writes the rows to {@code out} as JSON. Without wrk, writes
     * nothing and says why.
     */
    public static void run(Path out, boolean quick, List<String> only, List<Integer> connections) throws IOException {
        String noWrk = Wrk.unavailableReason();
        if (noWrk != null) {
            System.err.println("WARNING: " + noWrk);
            return;
        }
        Duration warmUp = quick ? QUICK_WARM_UP : WARM_UP;
        Duration measured = quick ? QUICK_MEASURED : MEASURED;
        List<Object> rows = new ArrayList<>();
        for (String name : measured(only)) {
            for (int n : connections) {
                System.out.printf("HTTP (wrk): %s, %d connections, %d s warm-up + %d s measured...%n", name, n,
                        warmUp.toSeconds(), measured.toSeconds());
                Map<String, Object> row = Nginx.isReference(name)
                        ? measureNginx(name, n, warmUp, measured)
                        : measurePattern(name, n, warmUp, measured);
                System.out.println("  " + summary(row));
                rows.add(row);
            }
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("date", java.time.Instant.now().toString());
        doc.put("client", "wrk, 1 thread, keep-alive, GET /, one request in flight per connection");
        doc.put("wrk", version(List.of(Wrk.executable().orElseThrow().toString(), "--version")));
        doc.put("nginx", Nginx.executable().map(p -> version(List.of(p.toString(), "-v"))).orElse("not installed"));
        doc.put("warmUpSeconds", warmUp.toSeconds());
        doc.put("measuredSeconds", measured.toSeconds());
        doc.put("patterns", rows);
        if (out.toAbsolutePath().getParent() != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
        }
        Files.writeString(out, Json.write(doc) + "\n");
        System.out.println("HTTP (wrk) figures written to " + out);
    }

    static Map<String, Object> measurePattern(String pattern, int connections, Duration warmUp, Duration measured) {
        Map<String, Object> row = row(pattern, connections);
        ServerLaunch launch = ServerLaunch.of(pattern, "http", Duration.ZERO, connections);
        try {
            launch.check();
        } catch (CannotRun e) {
            return verdict(row, e.verdict(), e.reason());
        }
        try (ServerProcess server = launch.start()) {
            measure(row, server.address(), server::cpuNanos, connections, warmUp, measured);
            if (!server.isAlive()) {
                return verdict(row, CannotRun.FAILED, "the server exited during the run: "
                        + server.stderrTail().strip());
            }
        } catch (IOException | RuntimeException e) {
            return verdict(row, CannotRun.FAILED, String.valueOf(e.getMessage()));
        }
        return row;
    }

    static Map<String, Object> measureNginx(String name, int connections, Duration warmUp, Duration measured) {
        Map<String, Object> row = row(name, connections);
        String missing = Nginx.unavailableReason();
        if (missing != null) {
            return verdict(row, CannotRun.NOT_APPLICABLE, missing);
        }
        int workers = Nginx.ONE_WORKER.equals(name) ? 1 : 0;
        try (Nginx nginx = Nginx.start(workers, Placement.current().serverPrefix())) {
            row.put("workers", nginx.workers());
            measure(row, nginx.address(), nginx::cpuNanos, connections, warmUp, measured);
        } catch (IOException | RuntimeException e) {
            return verdict(row, CannotRun.FAILED, String.valueOf(e.getMessage()));
        }
        return row;
    }

    /** A warm-up run, unmeasured (the JIT's work is not the design's), then the measured one, into {@code row}. */
    private static void measure(Map<String, Object> row, InetSocketAddress address, LongSupplier serverCpuNanos,
                                int connections, Duration warmUp, Duration measured) throws IOException {
        List<String> client = Placement.current().clientPrefix();
        Wrk.run(address, connections, warmUp, client);
        long cpu0 = serverCpuNanos.getAsLong();
        Wrk.Result r = Wrk.run(address, connections, measured, client);
        long cpu = serverCpuNanos.getAsLong() - cpu0;
        if (r.requests() == 0) {
            throw new IOException("wrk completed no request in " + measured.toSeconds() + " s (errors: "
                    + r.errors() + ")");
        }
        row.put("requests", r.requests());
        row.put("seconds", r.durationUs() / 1e6);
        row.put("requestsPerSecond", r.requestsPerSecond());
        row.put("bytesPerResponse", (double) r.bytes() / r.requests());
        row.put("latencyUs", r.latencyUs());
        row.put("errors", r.errors());
        row.put("serverCpuSeconds", cpu / 1e9);
        row.put("serverCpuUsPerRequest", cpu / 1e3 / r.requests());
        row.put("serverCpuShare", cpu / 1e3 / r.durationUs());
        row.put("clientCpuShare", r.clientCpuNanos() < 0 ? -1.0 : r.clientCpuNanos() / 1e3 / r.durationUs());
    }

    private static Map<String, Object> row(String name, int connections) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("pattern", name);
        row.put("connections", connections);
        return row;
    }

    private static Map<String, Object> verdict(Map<String, Object> row, String verdict, String reason) {
        Map<String, Object> only = row(String.valueOf(row.get("pattern")), ((Number) row.get("connections")).intValue());
        only.put("verdict", verdict);
        only.put("reason", reason);
        return only;
    }

    private static String summary(Map<String, Object> row) {
        if (row.containsKey("verdict")) {
            return row.get("verdict") + ": " + row.get("reason");
        }
        return String.format(java.util.Locale.ROOT, "%.0f requests/s, server %.2f µs CPU per request, errors %s",
                row.get("requestsPerSecond"), row.get("serverCpuUsPerRequest"), row.get("errors"));
    }

    /** The first line a {@code --version}-style command prints (nginx prints it on stderr). */
    private static String version(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(10, TimeUnit.SECONDS);
            return text.lines().findFirst().orElse("").strip();
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}

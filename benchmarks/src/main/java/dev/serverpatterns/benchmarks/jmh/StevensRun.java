package dev.serverpatterns.benchmarks.jmh;

import dev.serverpatterns.benchmarks.client.ChurnClient;
import dev.serverpatterns.benchmarks.report.Json;
import dev.serverpatterns.core.ServerPattern;
import dev.serverpatterns.core.ServerPatterns;
import dev.serverpatterns.core.WorkerModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The UNP ch. 30 reproduction: not a JMH benchmark but a CPU-time measurement of a fixed
 * workload, as Stevens made it. For every registered pattern: start it with the byte-count
 * protocol, run his client's load (5 children, each making 1,000 connections that ask for
 * 4,000 bytes: 5,000 connections), and read the server's CPU time (user + system, its whole
 * process tree) before and after. Stevens' Figure 30.1 then lists each server's CPU time
 * minus the iterative server's; the report does the same.
 *
 * <p>Differences from Stevens', stated in the report: the 5 "children" are 5 concurrent
 * connection streams of one client thread ({@link ChurnClient}); the server is a JVM, so a
 * first round of the same size is run unmeasured to get the JIT compilers' work out of the
 * figure; each measurement is repeated and the median kept. The fixed pools run 15 workers, as
 * his preforked and prethreaded servers ran 15 children or threads. The server's shutdown table
 * ({@code worker N: M connections}) gives Figure 30.2, connections per worker.
 *
 * <pre>
 * java -cp benchmarks.jar dev.serverpatterns.benchmarks.jmh.StevensRun --out target/bench/stevens.json [--quick]
 * </pre>
 */
public final class StevensRun {

    public static final int CHILDREN = 5;
    public static final int CONNECTIONS_PER_CHILD = 1000;
    public static final int BYTES = 4000;
    public static final int WORKERS = 15;
    /**
     * A process per connection serves a few connections a second (a JVM starts for each): it is
     * measured over this fraction of the workload, once, and its CPU time scaled up, which the
     * report says. Its full workload would take the better part of an hour per round.
     */
    static final int PROCESS_PER_CONNECTION_FRACTION = 10;

    private StevensRun() {
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of("stevens.json");
        boolean quick = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(args[++i]);
                case "--quick" -> quick = true;
                default -> {
                    System.err.println("usage: StevensRun [--out FILE] [--quick]");
                    System.exit(2);
                }
            }
        }
        run(out, quick);
    }

    /** Measures every registered pattern and writes the figures to {@code out} as JSON. */
    public static void run(Path out, boolean quick) throws IOException {
        run(out, quick, List.of());
    }

    /** Measures the patterns named in {@code only} (every registered one if empty); figures to {@code out}. */
    public static void run(Path out, boolean quick, List<String> only) throws IOException {
        int perChild = quick ? 200 : CONNECTIONS_PER_CHILD;
        int repeats = quick ? 1 : 3;
        List<Object> rows = new ArrayList<>();
        for (ServerPattern p : ServerPatterns.all()) {
            if (!only.isEmpty() && !only.contains(p.name())) {
                continue;
            }
            System.out.printf("UNP ch.30: %s, %d x %d connections of %d bytes, %d measured round(s)...%n",
                    p.name(), CHILDREN, perChild, BYTES, repeats);
            WorkerModel model = p.workerModel();
            boolean processPerConnection = model.concurrency() == WorkerModel.Concurrency.WORKER_PER_CONNECTION
                    && model.workersAreProcesses();
            Map<String, Object> row = processPerConnection
                    ? measureScaled(p.name(), perChild, PROCESS_PER_CONNECTION_FRACTION)
                    : measure(p.name(), perChild, repeats);
            System.out.println("  " + summary(row));
            rows.add(row);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("children", CHILDREN);
        doc.put("connectionsPerChild", perChild);
        doc.put("bytes", BYTES);
        doc.put("workers", WORKERS);
        doc.put("repeats", repeats);
        doc.put("patterns", rows);
        if (out.toAbsolutePath().getParent() != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
        }
        Files.writeString(out, Json.write(doc) + "\n");
        System.out.println("UNP ch.30 figures written to " + out);
    }

    /**
     * {@link #measure} over {@code 1/fraction} of the connections, one round, with the CPU seconds
     * multiplied by {@code fraction}; the row keeps what was measured ({@code measuredConnections}).
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> measureScaled(String pattern, int perChild, int fraction) {
        int fewer = Math.max(1, perChild / fraction);
        Map<String, Object> row = measure(pattern, fewer, 1);
        if (row.containsKey("cpuSeconds")) {
            List<Double> scaled = ((List<Double>) row.get("cpuSeconds")).stream().map(c -> c * fraction).toList();
            row.put("measuredConnections", (long) CHILDREN * fewer);
            row.put("measuredCpuSeconds", row.get("cpuSeconds"));
            row.put("cpuSeconds", scaled);
            row.put("medianCpuSeconds", median(scaled));
        }
        return row;
    }

    static Map<String, Object> measure(String pattern, int perChild, int repeats) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("pattern", pattern);
        ServerLaunch launch = ServerLaunch.of(pattern, "bytes", Duration.ZERO, 1).withWorkers(WORKERS);
        try {
            launch.check();
        } catch (CannotRun e) {
            row.put("verdict", e.verdict());
            row.put("reason", e.reason());
            return row;
        }
        int total = CHILDREN * perChild;
        List<Double> cpuSeconds = new ArrayList<>();
        List<Double> wallSeconds = new ArrayList<>();
        ServerProcess server = null;
        try {
            server = launch.start();
            Histogram unused = new Histogram(Duration.ofMinutes(1).toNanos(), 2);
            try (ChurnClient client = new ChurnClient(server.address(), CHILDREN, BYTES, Duration.ofSeconds(10))) {
                for (int i = 0; i < total; i++) { // warm-up: the JIT's work is not the design's
                    client.connection(unused);
                }
                for (int r = 0; r < repeats; r++) {
                    long cpu0 = server.cpuNanos();
                    long t0 = System.nanoTime();
                    for (int i = 0; i < total; i++) {
                        client.connection(unused);
                    }
                    wallSeconds.add((System.nanoTime() - t0) / 1e9);
                    cpuSeconds.add((server.cpuNanos() - cpu0) / 1e9);
                }
            }
            ServerProcess.Stopped stopped = server.stop(ServerProcess.STOP_TIMEOUT);
            row.put("cpuSeconds", cpuSeconds);
            row.put("medianCpuSeconds", median(cpuSeconds));
            row.put("wallSeconds", wallSeconds);
            row.put("connectionsServed", (long) total * (repeats + 1));
            row.put("connectionsPerWorker", stopped.connectionsPerWorker());
        } catch (IOException | RuntimeException e) {
            row.put("verdict", CannotRun.FAILED);
            row.put("reason", e.getMessage() + (server == null ? "" : " " + server.stderrTail().strip()));
        } finally {
            if (server != null) {
                server.close();
            }
        }
        return row;
    }

    static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static String summary(Map<String, Object> row) {
        if (row.containsKey("verdict")) {
            return row.get("verdict") + ": " + row.get("reason");
        }
        return String.format("server CPU %.2f s (median of %s), per worker %s", row.get("medianCpuSeconds"),
                row.get("cpuSeconds"), row.get("connectionsPerWorker"));
    }
}

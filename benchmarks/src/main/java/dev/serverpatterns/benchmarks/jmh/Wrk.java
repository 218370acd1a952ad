package dev.serverpatterns.benchmarks.jmh;

import dev.serverpatterns.benchmarks.report.Json;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * wrk, the HTTP load generator the HTTP run ({@link WrkRun}) drives every server with: a client
 * nobody here wrote, so that the patterns and nginx are measured by the same outside tool. One
 * wrk thread (as the suite's own client is one thread: the other core is left to the server),
 * {@code N} keep-alive connections each with one request in flight, {@code GET /}.
 *
 * <p>wrk prints a human summary; the figures are taken instead from a Lua {@code done} hook that
 * prints them as one line of JSON ({@value #MARKER} first): requests, duration, the errors by kind
 * (non-2xx responses among them), and the latency percentiles from wrk's own histogram, in µs.
 */
public final class Wrk {

    /** What starts the line of JSON the script prints. */
    static final String MARKER = "serverpatterns-wrk ";
    /** The latency percentiles reported. */
    static final List<Double> PERCENTILES = List.of(50.0, 90.0, 99.0, 99.9);

    /** The {@code done} hook: wrk's Lua 5.1 (LuaJIT), so the JSON is written by hand. */
    static final String SCRIPT = """
            -- written by serverpatterns (dev.serverpatterns.benchmarks.jmh.Wrk): the summary as one line of JSON
            done = function(summary, latency, requests)
              local e = summary.errors
              local p = {}
              for _, q in ipairs({%s}) do
                table.insert(p, string.format('"%%s":%%.0f', tostring(q), latency:percentile(q)))
              end
              io.write(string.format('%s{"requests":%%d,"durationUs":%%d,"bytes":%%d,'
                .. '"errors":{"connect":%%d,"read":%%d,"write":%%d,"status":%%d,"timeout":%%d},'
                .. '"latencyUs":{"mean":%%.1f,"max":%%.0f,%%s}}\\n',
                summary.requests, summary.duration, summary.bytes,
                e.connect, e.read, e.write, e.status, e.timeout,
                latency.mean, latency.max, table.concat(p, ",")))
            end
            """.formatted(String.join(", ", PERCENTILES.stream().map(p -> p.toString()).toList()), MARKER);

    private static final long GRACE_SECONDS = 30;

    private Wrk() {
    }

    /** The wrk executable on the PATH, if any. */
    static Optional<Path> executable() {
        return Executables.find("wrk", List.of());
    }

    /** Why wrk cannot be run here (with how to install it), or null if it can. */
    public static String unavailableReason() {
        return executable().isPresent() ? null
                : "wrk is not on the PATH: the HTTP run is skipped. Install it with: sudo apt-get install wrk";
    }

    /**
     * What one wrk run measured.
     *
     * @param latencyUs the mean, the max and the {@link #PERCENTILES} (keys {@code "50.0"} ...), in µs
     */
    public record Result(long requests, long durationUs, long bytes, Map<String, Long> errors,
                         Map<String, Double> latencyUs, long clientCpuNanos) {

        public double requestsPerSecond() {
            return durationUs == 0 ? 0 : requests * 1e6 / durationUs;
        }

        /** Errors of every kind, non-2xx responses included. */
        public long errorCount() {
            return errors.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /**
     * Runs wrk for {@code duration} against {@code GET /} on {@code server} with {@code connections}
     * connections, and returns what its script printed.
     *
     * @param prefix what goes before the command (the {@link Placement}'s client pinning)
     * @throws IOException if wrk is missing, fails, prints no summary, or outlives its duration by
     *                     half a minute; the message holds its output
     */
    public static Result run(InetSocketAddress server, int connections, Duration duration, List<String> prefix)
            throws IOException {
        Path wrk = executable().orElseThrow(() -> new IOException(unavailableReason()));
        Path dir = Files.createTempDirectory("serverpatterns-wrk-");
        try {
            Path script = dir.resolve("summary.lua");
            Files.writeString(script, SCRIPT);
            Path out = dir.resolve("out");
            List<String> command = new ArrayList<>(prefix);
            command.addAll(List.of(wrk.toString(), "--threads", "1", "--connections", Integer.toString(connections),
                    "--duration", Math.max(1, duration.toSeconds()) + "s", "--timeout", "10s",
                    "--script", script.toString(),
                    "http://" + server.getHostString() + ":" + server.getPort() + "/"));
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out.toFile()).start();
            long reaped = ProcStats.reapedChildrenCpuNanos();
            try {
                if (!process.waitFor(duration.toSeconds() + GRACE_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IOException("wrk did not finish within " + (duration.toSeconds() + GRACE_SECONDS)
                            + " s: " + String.join(" ", command));
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while wrk ran", e);
            }
            // wrk is this JVM's child, reaped by now: its CPU time is in our children's count
            long cpu = reaped < 0 ? -1 : ProcStats.reapedChildrenCpuNanos() - reaped;
            String output = Files.readString(out, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IOException("wrk failed (exit " + process.exitValue() + "): " + String.join(" ", command)
                        + "\n" + output.strip().indent(4));
            }
            return parse(output, cpu);
        } finally {
            ServerProcess.deleteQuietly(dir);
        }
    }

    /** The figures in wrk's output (the script's line), with the client's CPU time. */
    @SuppressWarnings("unchecked")
    static Result parse(String output, long clientCpuNanos) throws IOException {
        String line = output.lines().filter(l -> l.startsWith(MARKER)).findFirst()
                .orElseThrow(() -> new IOException("wrk printed no summary line (" + MARKER.strip() + "):\n"
                        + output.strip().indent(4)));
        Map<String, Object> json = (Map<String, Object>) Json.parse(line.substring(MARKER.length()));
        Map<String, Long> errors = new java.util.LinkedHashMap<>();
        ((Map<String, Object>) json.get("errors")).forEach((k, v) -> errors.put(k, ((Number) v).longValue()));
        Map<String, Double> latency = new java.util.LinkedHashMap<>();
        ((Map<String, Object>) json.get("latencyUs")).forEach((k, v) -> latency.put(k, ((Number) v).doubleValue()));
        return new Result(((Number) json.get("requests")).longValue(), ((Number) json.get("durationUs")).longValue(),
                ((Number) json.get("bytes")).longValue(), errors, latency, clientCpuNanos);
    }
}

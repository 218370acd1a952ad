package dev.serverpatterns.benchmarks.report;

import static dev.serverpatterns.benchmarks.report.Figures.escape;
import static dev.serverpatterns.benchmarks.report.Figures.fmt;

import dev.serverpatterns.benchmarks.jmh.Nginx;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The HTTP run of one suite run ({@code wrk.json}, written by {@code WrkRun}): one table per
 * connection count, nginx's two rows first, then every pattern, each figure with its ratio to
 * nginx with one worker in the same run, and a line naming the best pattern. Written into the
 * results page and into the generated section {@value #SECTION} of {@value #PAGE}.
 */
final class HttpRun {

    static final String SECTION = "http";
    static final String PAGE = "serving-your-own-protocol.md";
    /** The reference every ratio is to. */
    static final String REFERENCE = Nginx.ONE_WORKER;

    private final Map<String, Object> doc;
    private final List<Map<String, Object>> rows;
    private final List<String> order;
    private final Set<String> registered;

    /** @param wrk the parsed {@code wrk.json}, or null if the run had none */
    HttpRun(Map<String, Object> wrk, List<String> registered) {
        this.doc = wrk;
        this.rows = doc != null && doc.get("patterns") instanceof List<?> list
                ? list.stream().map(Results::asMap).toList() : List.of();
        this.registered = new TreeSet<>(registered);
        Set<String> names = new LinkedHashSet<>(List.of(Nginx.ONE_WORKER, Nginx.AUTO_WORKERS));
        names.addAll(registered);
        rows.forEach(r -> names.add(String.valueOf(r.get("pattern"))));
        this.order = List.copyOf(names);
    }

    private Optional<Map<String, Object>> row(String server, int connections) {
        return rows.stream().filter(r -> server.equals(r.get("pattern"))
                && r.get("connections") instanceof Number n && n.intValue() == connections).findFirst();
    }

    private List<Integer> connectionCounts() {
        return rows.stream().map(r -> ((Number) r.get("connections")).intValue()).distinct().sorted().toList();
    }

    /** The section's Markdown: what was run, then a table per connection count. */
    String render() {
        StringBuilder md = new StringBuilder();
        if (rows.isEmpty()) {
            md.append("Not measured in this run (no `wrk.json`: wrk was not installed, or the run was skipped with "
                    + "`--no-wrk`).\n");
            return md.toString();
        }
        md.append("Every pattern serving the `http` protocol, and nginx (").append(str("nginx"))
                .append(", Debian's `nginx-light`) serving the same body with `return 200`, one worker process and "
                        + "then one per core, each in a process of its own, driven by the same client: ")
                .append(str("wrk")).append(" with one thread, keep-alive connections, `GET /`, one request in flight "
                        + "per connection; a ")
                .append(str("warmUpSeconds")).append(" s run unmeasured (the JIT's work), then ")
                .append(str("measuredSeconds")).append(" s measured. **Server µs per request** is the CPU time of "
                        + "the server's process tree over the measured run divided by the requests: what the design "
                        + "spends, whichever side was the bottleneck; **wrk CPU** near 100% means the one-thread "
                        + "client was. Ratios are to nginx with one worker in the same run. Latency percentiles "
                        + "are wrk's. nginx's responses are longer (it adds `Date` and `Server`).\n\n");
        for (int connections : connectionCounts()) {
            table(md, connections);
        }
        return md.toString();
    }

    private void table(StringBuilder md, int connections) {
        md.append("### ").append(connections).append(" connections\n\n");
        md.append("| server | requests/s | vs nginx (1 worker) | server µs per request | vs nginx (1 worker) "
                + "| latency p50 / p90 / p99 | server CPU | wrk CPU | note |\n");
        md.append("|---|---:|---:|---:|---:|---|---:|---:|---|\n");
        Optional<Map<String, Object>> reference = row(REFERENCE, connections).filter(HttpRun::measured);
        for (String server : order) {
            Optional<Map<String, Object>> row = row(server, connections);
            if (row.isEmpty()) {
                if (registered.contains(server)) {
                    md.append("| ").append(server).append(" | | | | | | | | not measured in this run |\n");
                }
                continue;
            }
            Map<String, Object> r = row.get();
            String name = Nginx.isReference(server) ? "**" + server + "**" : server;
            if (!measured(r)) {
                md.append("| ").append(name).append(" | ").append(r.get("verdict")).append(" | | | | | | | ")
                        .append(escape(String.valueOf(r.get("reason")))).append(" |\n");
                continue;
            }
            md.append("| ").append(name)
                    .append(" | ").append(fmt(number(r, "requestsPerSecond")))
                    .append(" | ").append(ratio(r, reference, "requestsPerSecond"))
                    .append(" | ").append(fmt(number(r, "serverCpuUsPerRequest")))
                    .append(" | ").append(ratio(r, reference, "serverCpuUsPerRequest"))
                    .append(" | ").append(latency(r))
                    .append(" | ").append(share(r, "serverCpuShare"))
                    .append(" | ").append(share(r, "clientCpuShare"))
                    .append(" | ").append(note(r)).append(" |\n");
        }
        md.append('\n');
        best(connections).ifPresent(best -> {
            md.append("Best pattern at ").append(connections).append(" connections: **").append(best.get("pattern"))
                    .append("**, ").append(fmt(number(best, "requestsPerSecond"))).append(" requests/s");
            reference.ifPresent(ref -> md.append(" = ").append(ratio(best, reference, "requestsPerSecond"))
                    .append(" nginx with one worker, at ").append(ratio(best, reference, "serverCpuUsPerRequest"))
                    .append(" its server CPU per request"));
            md.append(".\n\n");
        });
    }

    /** The registered pattern with the most requests/s at this connection count, if any was measured. */
    Optional<Map<String, Object>> best(int connections) {
        return rows.stream().filter(r -> registered.contains(String.valueOf(r.get("pattern"))))
                .filter(r -> ((Number) r.get("connections")).intValue() == connections).filter(HttpRun::measured)
                .max(Comparator.comparingDouble(r -> number(r, "requestsPerSecond")));
    }

    private static boolean measured(Map<String, Object> row) {
        return !row.containsKey("verdict") && row.get("requestsPerSecond") instanceof Number;
    }

    private static double number(Map<String, Object> row, String key) {
        return row.get(key) instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    private static String ratio(Map<String, Object> row, Optional<Map<String, Object>> reference, String key) {
        double mine = number(row, key);
        return reference.map(ref -> number(ref, key)).filter(theirs -> theirs > 0 && !Double.isNaN(mine))
                .map(theirs -> String.format(Locale.ROOT, "%.2f×", mine / theirs)).orElse(Figures.NO_FIGURE);
    }

    private static String latency(Map<String, Object> row) {
        Map<String, Object> us = row.get("latencyUs") instanceof Map<?, ?> m ? Results.asMap(m) : Map.of();
        List<String> cells = new ArrayList<>();
        for (String p : List.of("50", "90", "99")) {
            cells.add(us.get(p) instanceof Number n ? millis(n.doubleValue()) : "?");
        }
        return String.join(" / ", cells) + " ms";
    }

    private static String millis(double micros) {
        return String.format(Locale.ROOT, micros < 1000 ? "%.2f" : micros < 10_000 ? "%.1f" : "%.0f", micros / 1000);
    }

    private static String share(Map<String, Object> row, String key) {
        double share = number(row, key);
        return Double.isNaN(share) || share < 0 ? "" : String.format(Locale.ROOT, "%.0f%%", 100 * share);
    }

    private static String note(Map<String, Object> row) {
        List<String> notes = new ArrayList<>();
        if (row.get("errors") instanceof Map<?, ?> errors) {
            Map<String, Object> nonZero = new LinkedHashMap<>();
            Results.asMap(errors).forEach((k, v) -> {
                if (v instanceof Number n && n.longValue() > 0) {
                    nonZero.put(k, n.longValue());
                }
            });
            if (!nonZero.isEmpty()) {
                notes.add("errors " + nonZero);
            }
        }
        if (row.get("workers") instanceof Number n) {
            notes.add(n.intValue() + (n.intValue() == 1 ? " worker process" : " worker processes"));
        }
        return escape(String.join("; ", notes));
    }

    private String str(String key) {
        return Report.str(doc.get(key));
    }
}

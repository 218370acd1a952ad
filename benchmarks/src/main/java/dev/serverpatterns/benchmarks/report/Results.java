package dev.serverpatterns.benchmarks.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A suite run as read back from disk: JMH's JSON results, and the notes of the trials that
 * produced none (see {@code dev.serverpatterns.benchmarks.jmh.Notes}).
 */
public final class Results {

    /** One JMH result: a benchmark method with one combination of parameters. */
    public record Trial(String benchmark, Map<String, String> params, double score, double error, String unit,
                        double iterationSeconds, List<Double> raw, Map<String, List<Double>> secondary) {

        /** The benchmark class's simple name, e.g. {@code PingPongBenchmark}. */
        public String scenario() {
            return scenarioOf(benchmark);
        }

        public String param(String key) {
            return params.get(key);
        }

        /** The mean of a secondary result's per-iteration values (JMH reports their sum), or NaN. */
        public double secondaryMean(String name) {
            List<Double> values = secondary.get(name);
            if (values == null || values.isEmpty()) {
                return Double.NaN;
            }
            return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        }

        /**
         * A secondary per-iteration total divided by the operations of the same iterations:
         * e.g. server CPU µs per connection. NaN if unknown.
         */
        public double secondaryPerOperation(String name) {
            List<Double> values = secondary.get(name);
            if (values == null || values.size() != raw.size() || Double.isNaN(iterationSeconds)) {
                return Double.NaN;
            }
            double sum = 0;
            double ops = 0;
            for (int i = 0; i < raw.size(); i++) {
                sum += values.get(i);
                ops += raw.get(i) * iterationSeconds;
            }
            return ops == 0 ? Double.NaN : sum / ops;
        }
    }

    /** A trial that did not run, and why. */
    public record Note(String benchmark, Map<String, String> params, String verdict, String reason) {
        public String scenario() {
            return scenarioOf(benchmark);
        }
    }

    private final List<Trial> trials;
    private final Map<String, Note> notes;

    public Results(List<Trial> trials, List<Note> notes) {
        this.trials = List.copyOf(trials);
        Map<String, Note> byKey = new LinkedHashMap<>();
        for (Note n : notes) {
            byKey.put(key(n.scenario(), n.params()), n); // the last note of a trial wins
        }
        this.notes = byKey;
    }

    public List<Trial> trials() {
        return trials;
    }

    public List<Note> notes() {
        return List.copyOf(notes.values());
    }

    public Optional<Trial> trial(String scenario, Map<String, String> params) {
        String k = key(scenario, params);
        return trials.stream().filter(t -> key(t.scenario(), t.params()).equals(k)).findFirst();
    }

    public Optional<Note> note(String scenario, Map<String, String> params) {
        return Optional.ofNullable(notes.get(key(scenario, params)));
    }

    static String key(String scenario, Map<String, String> params) {
        return scenario + new TreeMap<>(params);
    }

    static String scenarioOf(String benchmark) {
        String[] parts = benchmark.split("\\.");
        return parts.length >= 2 ? parts[parts.length - 2] : benchmark;
    }

    /** Reads JMH's JSON results and, if the file exists, the notes (one JSON object per line). */
    public static Results read(Path jmhJson, Path notesFile) throws IOException {
        List<Trial> trials = new ArrayList<>();
        if (Files.exists(jmhJson)) {
            String text = Files.readString(jmhJson, StandardCharsets.UTF_8);
            if (!text.isBlank()) {
                for (Object o : (List<?>) Json.parse(text)) {
                    trials.add(trial(asMap(o)));
                }
            }
        }
        List<Note> notes = new ArrayList<>();
        if (notesFile != null && Files.exists(notesFile)) {
            for (String line : Files.readAllLines(notesFile, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                Map<String, Object> n = asMap(Json.parse(line));
                notes.add(new Note((String) n.get("benchmark"), strings(asMap(n.get("params"))),
                        (String) n.get("verdict"), (String) n.get("reason")));
            }
        }
        return new Results(trials, notes);
    }

    private static Trial trial(Map<String, Object> b) {
        Map<String, Object> primary = asMap(b.get("primaryMetric"));
        Map<String, List<Double>> secondary = new TreeMap<>();
        Object sec = b.get("secondaryMetrics");
        if (sec != null) {
            for (Map.Entry<String, Object> e : asMap(sec).entrySet()) {
                secondary.put(e.getKey(), flatten(asMap(e.getValue()).get("rawData")));
            }
        }
        Object params = b.get("params");
        return new Trial((String) b.get("benchmark"), params == null ? Map.of() : strings(asMap(params)),
                number(primary.get("score")), number(primary.get("scoreError")), (String) primary.get("scoreUnit"),
                seconds((String) b.get("measurementTime")), flatten(primary.get("rawData")), secondary);
    }

    /** JMH's raw data is one list of iteration values per fork; the forks are pooled. */
    private static List<Double> flatten(Object rawData) {
        List<Double> values = new ArrayList<>();
        if (rawData instanceof List<?> forks) {
            for (Object fork : forks) {
                if (fork instanceof List<?> iterations) {
                    for (Object v : iterations) {
                        values.add(number(v));
                    }
                }
            }
        }
        return values;
    }

    /** "2 s", "500 ms" (JMH's TimeValue) to seconds; NaN if unknown. */
    static double seconds(String time) {
        if (time == null) {
            return Double.NaN;
        }
        String[] parts = time.trim().split("\\s+");
        if (parts.length != 2) {
            return Double.NaN;
        }
        double amount = Double.parseDouble(parts[0]);
        return switch (parts[1]) {
            case "ns" -> amount / 1e9;
            case "us" -> amount / 1e6;
            case "ms" -> amount / 1e3;
            case "s" -> amount;
            case "min", "m" -> amount * 60;
            default -> Double.NaN;
        };
    }

    private static double number(Object o) {
        if (o instanceof Number n) {
            return n.doubleValue();
        }
        if (o instanceof String s) {
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }
        return Double.NaN;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object o) {
        return (Map<String, Object>) o;
    }

    private static Map<String, String> strings(Map<String, Object> map) {
        Map<String, String> out = new TreeMap<>();
        map.forEach((k, v) -> out.put(k, v instanceof Double d && d == Math.rint(d) ? Long.toString(d.longValue())
                : String.valueOf(v)));
        return out;
    }
}

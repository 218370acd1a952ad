package dev.serverpatterns.benchmarks.jmh;

import dev.serverpatterns.benchmarks.report.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The side channel of a suite run: one JSON line per trial that produced no JMH result, with
 * the benchmark, its parameters, a verdict and the reason. JMH's own JSON has no room for a
 * trial that was deliberately not run, so the report reads this file beside it.
 *
 * <p>The file is {@value #PROPERTY} if that system property is set (the {@link Suite} sets it
 * for every fork), else {@value #DEFAULT_FILE} in the working directory, beside JMH's default
 * {@code jmh-result.json}. Lines are appended with one write each (O_APPEND), so concurrent
 * forks cannot interleave within a line.
 */
public final class Notes {

    public static final String PROPERTY = "serverpatterns.bench.notes";
    public static final String DEFAULT_FILE = "jmh-notes.jsonl";

    private Notes() {
    }

    public static Path file() {
        return Path.of(System.getProperty(PROPERTY, DEFAULT_FILE));
    }

    /** Records {@code why} for the trial described by {@code params}; never throws. */
    public static void record(BenchmarkParams params, CannotRun why) {
        Map<String, String> values = new TreeMap<>();
        for (String key : params.getParamsKeys()) {
            values.put(key, params.getParam(key));
        }
        record(params.getBenchmark(), values, why.verdict(), why.reason());
    }

    public static void record(String benchmark, Map<String, String> params, String verdict, String reason) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("benchmark", benchmark);
        line.put("params", new TreeMap<>(params));
        line.put("verdict", verdict);
        line.put("reason", reason);
        line.put("at", Instant.now().toString());
        try {
            Path file = file().toAbsolutePath();
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.write(file, (Json.write(line) + "\n").getBytes(StandardCharsets.UTF_8),
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException | RuntimeException e) {
            System.err.println("could not record a note in " + file() + ": " + e);
        }
    }
}

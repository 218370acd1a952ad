package dev.serverpatterns.benchmarks.jmh;

import dev.serverpatterns.benchmarks.report.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A suite run over some patterns only ({@code bench --patterns A,B}), merged into the results of
 * an earlier run: a new family is measured in a fraction of the full suite's time. The references
 * (the C yardstick, whatever else is not a registered pattern) are measured again in every partial
 * run, so the new rows' ratios are to a yardstick of their own run; the earlier rows are then
 * compared with that newer yardstick measurement, on the same machine, which the report says.
 *
 * <p>Each file of the raw results is merged the same way: the rows of the patterns measured now,
 * in the scenarios run now, replace their earlier rows (results and notes alike, so a trial that
 * failed before and has a figure now loses its note); every other row stays as it was. {@code machine.json} keeps the
 * first run's description and gains an {@code updates} entry per partial run.
 */
final class PartialRun {

    /** The key in {@code machine.json} that lists partial runs: date, profile, patterns. */
    static final String UPDATES = "updates";

    private final Set<String> measured;

    /** @param measured every name measured in this run: the chosen patterns and the references */
    PartialRun(Collection<String> measured) {
        this.measured = Set.copyOf(measured);
    }

    /**
     * Merges this run's JMH JSON ({@code nowResults}) and notes ({@code nowNotes}) into the earlier
     * files, and deletes this run's.
     */
    void merge(Path earlierResults, Path nowResults, Path earlierNotes, Path nowNotes) throws IOException {
        List<Object> newResults = readArray(nowResults);
        List<Object> newNotes = readLines(nowNotes);
        Set<String> scenarios = new java.util.HashSet<>();
        newResults.forEach(row -> scenarios.add(benchmark(row)));
        newNotes.forEach(row -> scenarios.add(benchmark(row)));

        List<Object> results = keepOthers(readArray(earlierResults), scenarios);
        results.addAll(newResults);
        write(earlierResults, Json.write(results) + "\n");

        List<Object> notes = keepOthers(readLines(earlierNotes), scenarios);
        notes.addAll(newNotes);
        StringBuilder text = new StringBuilder();
        notes.forEach(row -> text.append(Json.write(row)).append('\n'));
        write(earlierNotes, text.toString());
        Files.deleteIfExists(nowResults);
        Files.deleteIfExists(nowNotes);
    }

    /**
     * {@code stevens.json} or {@code wrk.json}: its {@code patterns} list merged by pattern name (every
     * earlier row of a pattern measured now goes), the settings of this run.
     */
    @SuppressWarnings("unchecked")
    void mergeRows(Path earlier, Path now) throws IOException {
        Map<String, Object> fresh = (Map<String, Object>) Json.parse(Files.readString(now));
        if (Files.exists(earlier)) {
            Map<String, Object> old = (Map<String, Object>) Json.parse(Files.readString(earlier));
            for (Map.Entry<String, Object> setting : fresh.entrySet()) { // a quick run's rows beside a full run's
                Object before = old.get(setting.getKey());
                if (setting.getValue() instanceof Number && before != null && !before.equals(setting.getValue())) {
                    Files.delete(now);
                    throw new IllegalArgumentException(earlier + " was made with " + setting.getKey() + " = " + before
                            + ", this run's is " + setting.getValue() + ": run the same profile, or the whole run");
                }
            }
            List<Object> rows = new ArrayList<>();
            for (Object row : (List<Object>) old.getOrDefault("patterns", List.of())) {
                if (!measured.contains(String.valueOf(((Map<String, Object>) row).get("pattern")))) {
                    rows.add(row);
                }
            }
            rows.addAll((List<Object>) fresh.get("patterns"));
            fresh.put("patterns", rows);
        }
        write(earlier, Json.write(fresh) + "\n");
        Files.delete(now);
    }

    /**
     * The earlier run's machine description with this run added to its {@code updates}; refuses to
     * mix profiles (a quick run's rows beside a full run's would compare unlike iterations).
     */
    @SuppressWarnings("unchecked")
    Map<String, Object> machine(Map<String, Object> earlier, Map<String, Object> now, List<String> patterns) {
        String oldProfile = String.valueOf(earlier.get("profile"));
        String newProfile = String.valueOf(now.get("profile"));
        if (!oldProfile.equals(newProfile)) {
            throw new IllegalArgumentException("the earlier results were made with profile '" + oldProfile
                    + "', this run's is '" + newProfile + "': run the same profile, or the whole suite");
        }
        Map<String, Object> merged = new LinkedHashMap<>(earlier);
        List<Object> updates = new ArrayList<>((List<Object>) earlier.getOrDefault(UPDATES, List.of()));
        Map<String, Object> update = new LinkedHashMap<>();
        update.put("date", now.get("date"));
        update.put("patterns", List.copyOf(patterns));
        updates.add(update);
        merged.put(UPDATES, updates);
        merged.put("yardstick", now.get("yardstick"));
        return merged;
    }

    /** The rows that are not of a pattern measured now in a scenario run now. */
    private List<Object> keepOthers(List<Object> rows, Set<String> scenarios) {
        List<Object> kept = new ArrayList<>();
        for (Object row : rows) {
            if (!(measured.contains(param(row, "pattern")) && scenarios.contains(benchmark(row)))) {
                kept.add(row);
            }
        }
        return kept;
    }

    @SuppressWarnings("unchecked")
    private static String benchmark(Object row) {
        return String.valueOf(((Map<String, Object>) row).get("benchmark"));
    }

    @SuppressWarnings("unchecked")
    private static String param(Object row, String name) {
        Object params = ((Map<String, Object>) row).get("params");
        return params instanceof Map<?, ?> map ? String.valueOf(map.get(name)) : null;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> readArray(Path file) throws IOException {
        if (!Files.exists(file)) {
            return new ArrayList<>();
        }
        String text = Files.readString(file).strip();
        return text.isEmpty() ? new ArrayList<>() : new ArrayList<>((List<Object>) Json.parse(text));
    }

    private static List<Object> readLines(Path file) throws IOException {
        List<Object> rows = new ArrayList<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    rows.add(Json.parse(line));
                }
            }
        }
        return rows;
    }

    /** Writes through a temporary file, so an interrupted merge leaves the earlier results whole. */
    private static void write(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}

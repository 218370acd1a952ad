package dev.serverpatterns.benchmarks.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The UNP ch. 30 reproduction of one suite run ({@code stevens.json}), read beside Stevens' own
 * table ({@link UnpFigure301}): each pattern's server CPU time, and that time beyond the baseline's,
 * the baseline being whichever registered pattern declares {@link UnpFigure301#BASELINE}.
 */
final class Unp {

    private final Map<String, Map<String, Object>> rows = new LinkedHashMap<>();
    private final List<PatternInfo> registered;
    private final double baselineCpuSeconds;

    Unp(Map<String, Object> stevens, List<PatternInfo> registered) {
        this.registered = registered;
        for (Object o : (List<?>) stevens.get("patterns")) {
            Map<String, Object> row = Results.asMap(o);
            rows.put((String) row.get("pattern"), row);
        }
        this.baselineCpuSeconds = measuredPatternsOf(UnpFigure301.BASELINE).stream().findFirst()
                .map(this::cpuSeconds).orElse(Double.NaN);
    }

    /** The measured rows by pattern, in the order of the run. */
    Map<String, Map<String, Object>> rows() {
        return rows;
    }

    /** The registered patterns that implement Stevens' {@code server} and were measured. */
    List<String> measuredPatternsOf(UnpFigure301 server) {
        return registered.stream().filter(p -> p.unpServer().equals(Optional.of(server.server())))
                .map(PatternInfo::name).filter(rows::containsKey).toList();
    }

    /** The UNP server a measured pattern implements, if it is registered and declares one. */
    Optional<UnpFigure301> serverOf(String pattern) {
        return registered.stream().filter(p -> p.name().equals(pattern)).findFirst()
                .flatMap(PatternInfo::unpServer).flatMap(UnpFigure301::of);
    }

    /** The median server CPU seconds of a measured pattern; NaN if it was not measured. */
    double cpuSeconds(String pattern) {
        Map<String, Object> row = rows.get(pattern);
        return row != null && row.get("medianCpuSeconds") instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    /** {@link #cpuSeconds} minus the baseline's; NaN if either is unknown. */
    double beyondBaseline(String pattern) {
        return cpuSeconds(pattern) - baselineCpuSeconds;
    }

    static List<Long> connectionsPerWorker(Map<String, Object> row) {
        return row.get("connectionsPerWorker") instanceof List<?> list
                ? list.stream().map(v -> ((Number) v).longValue()).toList() : List.of();
    }
}

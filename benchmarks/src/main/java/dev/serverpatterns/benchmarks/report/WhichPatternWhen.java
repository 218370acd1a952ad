package dev.serverpatterns.benchmarks.report;

import static dev.serverpatterns.benchmarks.report.Figures.cpuPerOperationCell;
import static dev.serverpatterns.benchmarks.report.Figures.throughput;

import dev.serverpatterns.benchmarks.jmh.Scenario;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The decision table of {@code docs/which-pattern-when.md}: for each situation a reader asks about,
 * the registered patterns ranked by what the committed run measured in the scenario that stands
 * for it, and the ones that could not serve it. The table is written from the results, never by
 * hand, so that it gains a family's rows when the family is measured.
 */
final class WhichPatternWhen {

    static final String PAGE = "which-pattern-when.md";
    static final String SECTION = "decision";
    /** How many of the fastest patterns a row names. */
    private static final int NAMED = 3;

    /**
     * A situation, and the scenario (with its parameter's value) that measures it; ranked by
     * throughput, or {@code byCpu} by the server's CPU per operation (where the client, not the
     * server, bounds the throughput of every design alike).
     */
    record Situation(String description, Scenario scenario, String value, boolean byCpu) {
        Situation(String description, Scenario scenario, String value) {
            this(description, scenario, value, false);
        }
    }

    static final List<Situation> SITUATIONS = List.of(
            new Situation("a few busy connections (16, ping-pong)", Scenario.PING_PONG, "16"),
            new Situation("hundreds of busy connections (256, ping-pong)", Scenario.PING_PONG, "256"),
            new Situation("many idle connections (16 busy beside 9,000 idle)", Scenario.IDLE_ACTIVE, "9000"),
            new Situation("a slow handler (1 ms of blocking work per message)", Scenario.SLOW_HANDLER, null),
            new Situation("many short connections (connect, ask, close); the client bounds every design's rate, "
                    + "so ranked by server CPU per connection", Scenario.CHURN, null, true),
            new Situation("bulk transfer (64 KiB messages)", Scenario.BULK, null));

    private final Figures figures;
    private final List<String> patterns;

    WhichPatternWhen(Figures figures, List<String> patterns) {
        this.figures = figures;
        this.patterns = patterns;
    }

    /** The table; pattern names link to their pages, figures to their rows in the report ({@code results}). */
    String table(String results) {
        StringBuilder md = new StringBuilder("| situation | best here, measured | server µs per operation "
                + "of the best | cannot serve it, or failed |\n|---|---|---:|---|\n");
        for (Situation s : SITUATIONS) {
            List<Results.Trial> ranked = new ArrayList<>();
            List<String> cannot = new ArrayList<>();
            for (String p : patterns) {
                Optional<Results.Trial> trial = figures.trial(s.scenario(), p, s.value());
                if (trial.isPresent()) {
                    ranked.add(trial.get());
                } else {
                    Map<String, String> params = Figures.params(s.scenario(), p, s.value());
                    cannot.add(link(p) + " (" + figures.verdict(s.scenario(), params).replace("*", "") + ")");
                }
            }
            ranked.sort(s.byCpu()
                    ? Comparator.comparingDouble(t -> nanToMax(Figures.cpuPerOperation(t)))
                    : Comparator.comparingDouble(Results.Trial::score).reversed());
            List<String> fastest = new ArrayList<>();
            for (Results.Trial t : ranked.subList(0, Math.min(NAMED, ranked.size()))) {
                String ratio = figures.ratio(s.scenario(), t, Results.Trial::score);
                String p = t.param("pattern");
                fastest.add(link(p) + " [" + throughput(s.scenario(), t) + " " + s.scenario().operations() + "/s"
                        + (ratio.endsWith("×") ? " (" + ratio + " C)" : "") + "](" + results + "#"
                        + s.scenario().id() + "-" + p + ")");
            }
            md.append("| ").append(s.description()).append(" | ")
                    .append(fastest.isEmpty() ? "no result" : String.join("; ", fastest)).append(" | ")
                    .append(ranked.isEmpty() ? "" : cpuPerOperationCell(ranked.getFirst())).append(" | ")
                    .append(cannot.isEmpty() ? "every pattern served it" : String.join(", ", cannot)).append(" |\n");
        }
        return md.toString();
    }

    private static double nanToMax(double v) {
        return Double.isNaN(v) ? Double.MAX_VALUE : v;
    }

    private static String link(String pattern) {
        return "[" + pattern + "](patterns/" + pattern + ".md)";
    }
}

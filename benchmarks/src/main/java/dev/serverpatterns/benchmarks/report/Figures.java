package dev.serverpatterns.benchmarks.report;

import dev.serverpatterns.benchmarks.jmh.Scenario;
import dev.serverpatterns.benchmarks.jmh.Yardstick;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;

/**
 * One suite run's figures as every table asks for them: a trial by scenario, pattern and
 * parameter value; a figure as a ratio to the yardstick's in the same scenario; a verdict and
 * its reason where a trial did not run; and the cells' number formats. The results page and the
 * generated sections of the docs pages read the run through this one class, so they agree.
 */
final class Figures {

    static final String NO_FIGURE = "—";
    /** A ratio to the yardstick where the yardstick cannot run the scenario. */
    static final String NOT_APPLICABLE = "n/a";

    private final Results results;

    Figures(Results results) {
        this.results = results;
    }

    Results results() {
        return results;
    }

    /** The parameters that identify a trial: the pattern, and the scenario's parameter if it has one. */
    static Map<String, String> params(Scenario scenario, String pattern, String value) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("pattern", pattern);
        scenario.parameter().ifPresent(name -> params.put(name, value));
        return params;
    }

    Optional<Results.Trial> trial(Scenario scenario, String pattern, String value) {
        return results.trial(scenario.benchmarkName(), params(scenario, pattern, value));
    }

    /** The parameter's values seen in this run (results or notes), else the scenario's own list. */
    List<String> values(Scenario scenario) {
        Optional<String> param = scenario.parameter();
        if (param.isEmpty()) {
            return java.util.Collections.singletonList(null);
        }
        Set<String> seen = new TreeSet<>((a, b) -> Double.compare(Double.parseDouble(a), Double.parseDouble(b)));
        results.trials().stream().filter(t -> t.scenario().equals(scenario.benchmarkName()))
                .map(t -> t.param(param.get())).filter(v -> v != null).forEach(seen::add);
        results.notes().stream().filter(n -> n.scenario().equals(scenario.benchmarkName()))
                .map(n -> n.params().get(param.get())).filter(v -> v != null).forEach(seen::add);
        return seen.isEmpty() ? scenario.parameterValues() : List.copyOf(seen);
    }

    /** The slow handler's round trips/s as a share of its ceiling: {@code 75%}. */
    static String ceilingShare(Results.Trial trial) {
        return String.format(Locale.ROOT, "%.0f%%", 100 * trial.score() / Scenario.slowHandlerCeiling());
    }

    /** The server's CPU time per operation of a trial, µs; NaN if the run did not record it. */
    static double cpuPerOperation(Results.Trial trial) {
        return trial.secondaryPerOperation("serverCpuUs");
    }

    /**
     * {@code figure} of a pattern's trial divided by the yardstick's in the same scenario: {@code 0.48×};
     * n/a where the yardstick cannot run it, — where either figure is missing.
     */
    String ratio(Scenario scenario, Results.Trial trial, ToDoubleFunction<Results.Trial> figure) {
        if (!scenario.yardstickApplies()) {
            return NOT_APPLICABLE;
        }
        Map<String, String> yardParams = new LinkedHashMap<>(trial.params());
        yardParams.put("pattern", Yardstick.NAME);
        double mine = figure.applyAsDouble(trial);
        return results.trial(scenario.benchmarkName(), yardParams)
                .map(figure::applyAsDouble)
                .filter(theirs -> !Double.isNaN(mine) && !Double.isNaN(theirs) && theirs > 0)
                .map(theirs -> String.format(Locale.ROOT, "%.2f×", mine / theirs))
                .orElse(NO_FIGURE);
    }

    /**
     * A table of one row per pattern and, for every value of the scenario's parameter, its
     * throughput and its server CPU per operation, each with the ratio to the yardstick's; anchors
     * link to this page's rows, prefixed by {@code linkPrefix} (for pages elsewhere).
     */
    String headlineTable(Scenario scenario, List<String> rows, String linkPrefix) {
        StringBuilder table = new StringBuilder();
        List<String> values = values(scenario);
        StringBuilder head = new StringBuilder("| pattern |");
        StringBuilder sep = new StringBuilder("|---|");
        for (String v : values) {
            head.append(' ').append(scenario.operations()).append("/s, ").append(scenario.parameterLabel(v))
                    .append(" | server µs per ").append(scenario.operation()).append(" |");
            sep.append("---:|---:|");
        }
        table.append(head).append('\n').append(sep).append('\n');
        for (String p : rows) {
            StringBuilder r = new StringBuilder("| [").append(p).append("](").append(linkPrefix).append('#')
                    .append(scenario.id()).append('-').append(p).append(") |");
            for (String v : values) {
                Optional<Results.Trial> t = trial(scenario, p, v);
                if (t.isPresent()) {
                    r.append(' ').append(throughput(scenario, t.get())).append(withRatio(scenario, t.get(),
                            Results.Trial::score)).append(" | ").append(cpuPerOperationCell(t.get()))
                            .append(withRatio(scenario, t.get(), Figures::cpuPerOperation)).append(" |");
                } else {
                    r.append(' ').append(verdict(scenario, params(scenario, p, v))).append(" | |");
                }
            }
            table.append(r).append('\n');
        }
        return table.toString();
    }

    private String withRatio(Scenario scenario, Results.Trial trial, ToDoubleFunction<Results.Trial> figure) {
        String ratio = ratio(scenario, trial, figure);
        return ratio.equals(NO_FIGURE) || ratio.equals(NOT_APPLICABLE) ? "" : " (" + ratio + ")";
    }

    /** Throughput in the scenario's unit, as a number. */
    static String throughput(Scenario scenario, Results.Trial trial) {
        return fmt(scenario.throughput(trial.score()));
    }

    /** JMH's 99.9% confidence half-width, in the scenario's unit, and as a share of the score. */
    static String error(Scenario scenario, Results.Trial trial) {
        if (Double.isNaN(trial.error())) {
            return "n/a";
        }
        return "± " + fmt(scenario.throughput(trial.error()))
                + String.format(Locale.ROOT, " (%.0f%%)", 100 * trial.error() / trial.score());
    }

    /** Server CPU µs per operation, or — where the run did not record it. */
    static String cpuPerOperationCell(Results.Trial trial) {
        double us = cpuPerOperation(trial);
        return Double.isNaN(us) ? NO_FIGURE : fmt(us);
    }

    /** A trial's verdict in bold ({@code **cannot**}), or {@code **no result**} if it has no note. */
    String verdict(Scenario scenario, Map<String, String> params) {
        return results.note(scenario.benchmarkName(), params).map(n -> "**" + n.verdict() + "**")
                .orElse("**no result**");
    }

    String reason(Scenario scenario, Map<String, String> params) {
        return results.note(scenario.benchmarkName(), params).map(n -> escape(n.reason()))
                .orElse("not run, or failed without a note: see the JMH log");
    }

    /** A secondary figure recorded in ns, as µs; empty if absent. */
    static String micros(Results.Trial trial, String secondaryNs) {
        double ns = trial.secondaryMean(secondaryNs);
        return Double.isNaN(ns) || ns == 0 ? "" : fmt(ns / 1000);
    }

    /** A secondary CPU figure (µs per iteration) as the share of one core. */
    static String coreShare(Results.Trial trial, String secondaryUs) {
        double us = trial.secondaryMean(secondaryUs);
        if (Double.isNaN(us) || Double.isNaN(trial.iterationSeconds())) {
            return "";
        }
        return String.format(Locale.ROOT, "%.0f%%", 100 * us / (trial.iterationSeconds() * 1e6));
    }

    /** Three significant figures at most, grouped: {@code 101,075}, {@code 36.2}, {@code 4.35}. */
    static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        double a = Math.abs(v);
        if (a >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    static String fmtInt(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }

    /** Keeps a reason inside its table cell. */
    static String escape(String text) {
        return text.replace("|", "\\|").replace("\r", "").replace("\n", " ");
    }
}

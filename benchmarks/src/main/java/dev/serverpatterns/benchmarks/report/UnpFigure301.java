package dev.serverpatterns.benchmarks.report;

import java.util.Arrays;
import java.util.Optional;

/**
 * UNP vol. 1, 3rd ed., Figure 30.1, as one table keyed by Stevens' server names: each server's
 * design, and the CPU time it used beyond the iterative server's for his client's load. A
 * pattern says which of these it implements ({@code ServerPattern.unpServer()}); the report puts
 * Stevens' figure beside the pattern's own, and knows no pattern by name.
 */
enum UnpFigure301 {

    SERV00("Iterative server (the baseline)", 0.0),
    SERV01("Concurrent server, one fork per client", 20.90),
    SERV02("Prefork, no locking around accept", 1.80),
    SERV03("Prefork, file locking around accept", 2.07),
    SERV04("Prefork, thread mutex locking around accept", 1.75),
    SERV05("Prefork, parent passing descriptor to child", 2.58),
    SERV06("Concurrent server, one thread per client", 0.99),
    SERV07("Prethreaded, mutex locking around accept", 1.93),
    SERV08("Prethreaded, main thread calls accept", 2.05);

    /** The server every other row's CPU time is given beyond. */
    static final UnpFigure301 BASELINE = SERV00;

    private final String design;
    private final double cpuSecondsBeyondBaseline;

    UnpFigure301(String design, double cpuSecondsBeyondBaseline) {
        this.design = design;
        this.cpuSecondsBeyondBaseline = cpuSecondsBeyondBaseline;
    }

    /** Stevens' name for it: {@code serv07}. */
    String server() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    String design() {
        return design;
    }

    /** Stevens' measurement: server CPU seconds minus the iterative server's. */
    double cpuSecondsBeyondBaseline() {
        return cpuSecondsBeyondBaseline;
    }

    static Optional<UnpFigure301> of(String server) {
        return Arrays.stream(values()).filter(s -> s.server().equals(server)).findFirst();
    }
}

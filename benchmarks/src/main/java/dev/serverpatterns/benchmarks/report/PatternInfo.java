package dev.serverpatterns.benchmarks.report;

import dev.serverpatterns.core.ServerPattern;
import dev.serverpatterns.core.ServerPatterns;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the report needs to know about a registered pattern: its name and the UNP ch. 30 server it
 * implements, if any. Everything else it learns from the results.
 */
record PatternInfo(String name, Optional<String> unpServer) {

    PatternInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(unpServer, "unpServer");
    }

    static PatternInfo of(ServerPattern pattern) {
        return new PatternInfo(pattern.name(), pattern.unpServer());
    }

    /** Every pattern registered on this class path or module path. */
    static List<PatternInfo> registered() {
        return ServerPatterns.all().stream().map(PatternInfo::of).toList();
    }
}

package dev.serverpatterns.benchmarks.cli;

import dev.serverpatterns.core.ServerPattern;
import dev.serverpatterns.core.ServerPatterns;
import java.util.Iterator;

/** The registered pattern names, for picocli's help text ({@code ${COMPLETION-CANDIDATES}}) and shell completion. */
final class PatternNames implements Iterable<String> {

    @Override
    public Iterator<String> iterator() {
        return ServerPatterns.all().stream().map(ServerPattern::name).iterator();
    }
}

package dev.serverpatterns.benchmarks.cli;

import dev.serverpatterns.core.Protocol;
import dev.serverpatterns.core.Protocols;
import java.util.Iterator;

/** The registered protocol names, for picocli's help text ({@code ${COMPLETION-CANDIDATES}}) and shell completion. */
final class ProtocolNames implements Iterable<String> {

    @Override
    public Iterator<String> iterator() {
        return Protocols.all().stream().map(Protocol::name).iterator();
    }
}

package dev.serverpatterns.benchmarks.cli;

import dev.serverpatterns.core.Protocol;
import dev.serverpatterns.core.Protocols;
import dev.serverpatterns.core.ServerPattern;
import dev.serverpatterns.core.ServerPatterns;
import java.io.PrintWriter;
import java.util.List;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code serverpatterns list}: every registered pattern and protocol, one line each. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "Lists the registered server patterns and protocols.")
final class ListCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        out.println("patterns:");
        printAligned(out, ServerPatterns.all(), ServerPattern::name, ServerPattern::description);
        out.println();
        out.println("protocols:");
        printAligned(out, Protocols.all(), Protocol::name, Protocol::description);
        out.flush();
    }

    private static <T> void printAligned(PrintWriter out, List<T> items, Function<T, String> name,
                                         Function<T, String> description) {
        int width = items.stream().mapToInt(item -> name.apply(item).length()).max().orElse(0);
        for (T item : items) {
            out.printf("  %-" + width + "s  %s%n", name.apply(item), description.apply(item));
        }
    }
}

package dev.serverpatterns.prefork;

import dev.serverpatterns.core.ServerConfig;
import dev.serverpatterns.core.ServerPattern;
import dev.serverpatterns.core.workers.ProcessWorker;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a child: the same java as the parent's, the parent's class path and module
 * path (as one class path: a child needs the same classes, protocols found by
 * {@code META-INF/services} included, not the same module graph), native access granted, a small
 * heap, and the pattern's own {@code main} with what {@link Child#start} reads back:
 *
 * <pre>
 * java -cp CP --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC ... dev.serverpatterns.prefork.PreforkAcceptServer \
 *      PATTERN SLOT COUNTERS-FILE SLOTS PARENT-PID --host 127.0.0.1 --port 40123 ... (ServerConfig.toArguments())
 * </pre>
 */
final class ChildJvm {

    /** A child serves one connection at a time: a small heap, and the serial collector's one thread. */
    static final List<String> FLAGS = List.of("--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC",
            "-Xms16m", "-Xmx128m", "-XX:-UsePerfData", "-XX:+IgnoreUnrecognizedVMOptions");

    /** Children a server may have alive at once: what half the memory holds ({@link ProcessWorker#MAX_ALIVE}). */
    static final int MAX_CHILDREN = ProcessWorker.MAX_ALIVE;

    private ChildJvm() {
    }

    static String java() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    static String classPath() {
        List<String> entries = new ArrayList<>();
        for (String property : List.of("java.class.path", "jdk.module.path")) {
            String value = System.getProperty(property, "");
            if (!value.isEmpty()) {
                entries.add(value);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    static List<String> command(ServerPattern pattern, int slot, ChildCounters counters, ServerConfig config,
                                List<String> extraFlags) {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.add("-cp");
        command.add(classPath());
        command.addAll(FLAGS);
        command.addAll(extraFlags);
        command.add(pattern.getClass().getName());
        command.add(pattern.name());
        command.add(Integer.toString(slot));
        command.add(counters.file().toString());
        command.add(Integer.toString(counters.slots()));
        command.add(Long.toString(ProcessHandle.current().pid()));
        command.addAll(config.toArguments());
        return command;
    }

    static List<String> command(ServerPattern pattern, int slot, ChildCounters counters, ServerConfig config) {
        return command(pattern, slot, counters, config, List.of());
    }
}

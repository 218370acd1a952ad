package dev.serverpatterns.benchmarks.jmh;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Where the outside programs the suite drives (wrk, nginx) are found. */
final class Executables {

    private Executables() {
    }

    /** The executable {@code command} in a directory of the PATH, else of {@code alsoIn}, in that order. */
    static Optional<Path> find(String command, List<Path> alsoIn) {
        List<Path> dirs = new ArrayList<>();
        Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(d -> !d.isEmpty()).map(Path::of).forEach(dirs::add);
        dirs.addAll(alsoIn);
        return dirs.stream().map(d -> d.resolve(command)).filter(Files::isExecutable).findFirst();
    }
}

package dev.serverpatterns.testkit;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Tests that need a system tool ({@code nc}, {@code gcc}, {@code strace}) get it here. On a
 * machine that only has a JDK the test is reported as skipped, with the reason and the command
 * that installs the tool; never silently. Under {@code -Dserverpatterns.requireTools=true}, which
 * {@code .ci/run} sets after installing the tools, a missing tool fails the test instead, so
 * that CI cannot pass by skipping.
 */
public final class SystemTools {

    /** The system property that turns a missing tool from a skip into a failure. */
    public static final String REQUIRE_PROPERTY = "serverpatterns.requireTools";

    private SystemTools() {
    }

    /** Whether a missing tool fails the test (CI) rather than skipping it (a developer's machine). */
    public static boolean required() {
        return Boolean.getBoolean(REQUIRE_PROPERTY);
    }

    /**
     * The executable {@code command} found on the PATH; if there is none, skips or fails the test.
     *
     * @param debianPackage the package that provides it, named in the install command
     * @param why           what the test uses it for, in a few words
     */
    public static Path require(String command, String debianPackage, String why) {
        return find(command).orElseGet(() -> {
            missing(command + " is not on the PATH (needed " + why + "); install it with: sudo apt-get install "
                    + debianPackage);
            throw new AssertionError("unreachable");
        });
    }

    /** The executable {@code command} on the PATH, if there is one. */
    public static Optional<Path> find(String command) {
        String path = System.getenv().getOrDefault("PATH", "");
        return Arrays.stream(path.split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, command))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /**
     * A tool the test needs is missing, for the given reason (which should say how to install it):
     * skips the test, or fails it under {@value #REQUIRE_PROPERTY}.
     */
    public static void missing(String reason) {
        if (required()) {
            throw new AssertionError(reason + " [-D" + REQUIRE_PROPERTY + "=true: a missing tool fails the build]");
        }
        Assumptions.abort(reason);
    }
}

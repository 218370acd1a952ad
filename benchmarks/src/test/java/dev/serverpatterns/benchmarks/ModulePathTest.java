package dev.serverpatterns.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.serverpatterns.core.Protocol;
import dev.serverpatterns.core.Protocols;
import dev.serverpatterns.core.ServerPattern;
import dev.serverpatterns.core.ServerPatterns;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The other tests run on the class path, where {@code META-INF/services} registers the patterns.
 * This one starts the command-line front end as a module on the module path, where only the
 * {@code provides} clauses of the module descriptors can register them: it proves the
 * descriptors (exports, requires, uses, provides) are right.
 */
class ModulePathTest {

    /** Test-only jars and folders, which must stay off the module path. */
    private static final Pattern TEST_ONLY = Pattern.compile(
            "test-classes|-tests\\.jar|junit|opentest4j|apiguardian|assertj|awaitility|hamcrest|byte-buddy|surefire");

    private static boolean testOnly(Object registered) {
        var source = registered.getClass().getProtectionDomain().getCodeSource();
        return source != null && TEST_ONLY.matcher(source.getLocation().toString()).find();
    }

    private static String name(Object registered) {
        return registered instanceof ServerPattern p ? p.name() : ((Protocol) registered).name();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void theFrontEndFindsEveryBlockingPatternThroughModuleDescriptors() throws Exception {
        String modulePath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !TEST_ONLY.matcher(entry).find())
                .collect(Collectors.joining(File.pathSeparator));
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process process = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED",
                "--module-path", modulePath,
                "--module", "dev.serverpatterns.benchmarks/dev.serverpatterns.benchmarks.cli.ServerPatternsCli", "list")
                .redirectErrorStream(true)
                .start();
        process.getOutputStream().close();
        boolean exited = process.waitFor(50, TimeUnit.SECONDS);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!exited) {
            process.destroyForcibly();
        }
        assertThat(exited).as("exited in time; output:%n%s", output).isTrue();
        assertThat(process.exitValue()).as("exit status; output:%n%s", output).isZero();
        // what this class path registers, from the published jars and from test-only ones
        List<Object> registered = new ArrayList<>(ServerPatterns.all());
        registered.addAll(Protocols.all());
        assertThat(output).as("every pattern and protocol the published jars register; output:%n%s", output)
                .contains(registered.stream().filter(p -> !testOnly(p)).map(ModulePathTest::name).toList());
        assertThat(registered.stream().filter(ModulePathTest::testOnly).map(ModulePathTest::name))
                .as("the test-only protocols exist on the class path").isNotEmpty()
                .allSatisfy(name -> assertThat(output).as("not on this module path").doesNotContain(name));
    }
}

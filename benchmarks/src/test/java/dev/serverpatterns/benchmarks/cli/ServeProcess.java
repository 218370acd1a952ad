package dev.serverpatterns.benchmarks.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code serverpatterns serve ARGS} in a child JVM, as a harness runs it: the test's own class
 * path and Java, stdout read line by line, stderr kept in a file for failure messages. A child,
 * because {@code serve} owns its JVM: it ends only on a signal, through its shutdown hook.
 */
final class ServeProcess implements AutoCloseable {

    private final Process process;
    private final BufferedReader stdout;
    private final Path stderr;

    ServeProcess(String... serveArgs) throws IOException {
        this(List.of(), serveArgs);
    }

    /** {@code serve} with at most {@code openFiles} descriptors (its shell's {@code ulimit -n}, then exec). */
    static ServeProcess withOpenFilesLimit(int openFiles, String... serveArgs) throws IOException {
        return new ServeProcess(List.of("/bin/sh", "-c", "ulimit -n " + openFiles + " && exec \"$0\" \"$@\""), serveArgs);
    }

    private ServeProcess(List<String> prefix, String... serveArgs) throws IOException {
        stderr = Files.createTempFile("serve", ".err");
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                ServerPatternsCli.class.getName(), "serve"));
        command.addAll(List.of(serveArgs));
        process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        process.getOutputStream().close();
        stdout = process.inputReader(StandardCharsets.UTF_8);
    }

    /** The next line on stdout, or a failure (with the child's stderr) if none comes in time. */
    String nextLine(long timeoutSeconds) throws Exception {
        try {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return stdout.readLine();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("no line on stdout within " + timeoutSeconds + " s; stderr: " + stderr(), e);
        }
    }

    /** SIGTERM, then the exit status (or a failure if it does not exit in time). */
    int terminate(long timeoutSeconds) throws InterruptedException, IOException {
        // SIGTERM, through the handle: Process.destroy() would also close our end of its stdout
        process.toHandle().destroy();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            throw new AssertionError("serve did not exit within " + timeoutSeconds + " s of SIGTERM; stderr: "
                    + stderr());
        }
        return process.exitValue();
    }

    /** Everything left on stdout; call after the process ended. */
    String rest() throws IOException {
        StringBuilder rest = new StringBuilder();
        String line;
        while ((line = stdout.readLine()) != null) {
            rest.append(line).append('\n');
        }
        return rest.toString();
    }

    String stderr() throws IOException {
        return Files.readString(stderr);
    }

    @Override
    public void close() throws IOException {
        process.destroyForcibly();
        Files.deleteIfExists(stderr);
    }
}

package dev.serverpatterns.benchmarks.jmh;

import dev.serverpatterns.core.ServerStats;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A server under test, running in a process of its own: started from a command, ready once it
 * printed its contract line, {@code serving NAME (PROTOCOL) on HOST:PORT}, and stopped with
 * SIGTERM (then SIGKILL if it does not exit in time).
 *
 * <p>The child's stdout and stderr go to files in a temporary directory, not to pipes: a
 * chatty server never blocks on a full pipe, and nothing it writes just before it exits (the
 * {@code serve} command's per-worker table) is lost to the race between a pipe reader and the
 * JDK draining that pipe when the process ends. The files are deleted when the server is
 * stopped. Every child is also killed by a JVM shutdown hook, so a benchmark fork that ends
 * abruptly leaves no server behind.
 */
public final class ServerProcess implements AutoCloseable {

    /** How long a server may take to print its contract line. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    /** How long a server may take to exit after SIGTERM before it is killed. */
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

    static final Pattern CONTRACT_LINE = Pattern.compile("serving (\\S+) \\((\\S+)\\) on (\\S+):(\\d+)");

    private static final int STDERR_TAIL_BYTES = 16 * 1024;
    private static final long POLL_MILLIS = 10;
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly),
                "serverpatterns-kill-servers"));
    }

    private final Process process;
    private final List<String> command;
    private final Path dir;
    private final String name;
    private final String protocol;
    private final InetSocketAddress address;
    private Stopped stopped;

    private ServerProcess(Process process, List<String> command, Path dir, Matcher contract) {
        this.process = process;
        this.command = List.copyOf(command);
        this.dir = dir;
        this.name = contract.group(1);
        this.protocol = contract.group(2);
        this.address = new InetSocketAddress(contract.group(3), Integer.parseInt(contract.group(4)));
    }

    /** What a stopped server left behind. */
    public record Stopped(int exitCode, boolean killed, List<String> stdout, String stderrTail) {

        /**
         * The stats the {@code serve} command printed on exit, as one line of JSON
         * ({@link ServerStats#toJson()}); null if it printed none (it was killed).
         */
        public ServerStats stats() {
            for (int i = stdout.size() - 1; i >= 0; i--) {
                String line = stdout.get(i).strip();
                if (line.startsWith("{")) {
                    return ServerStats.fromJson(line);
                }
            }
            return null;
        }

        /** Admitted connections by the worker that served them; empty if the server printed no stats. */
        public List<Long> connectionsPerWorker() {
            ServerStats stats = stats();
            return stats == null ? List.of() : stats.servedPerWorker();
        }
    }

    /**
     * Starts {@code command} and waits, at most {@code timeout}, for its contract line.
     *
     * @throws IOException if it cannot be started, exits or prints something else first, or
     *                     stays silent too long; the message holds the command and its stderr
     */
    public static ServerProcess start(List<String> command, Duration timeout) throws IOException {
        Path dir = Files.createTempDirectory("serverpatterns-server-");
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(dir.resolve("stdout").toFile())
                    .redirectError(dir.resolve("stderr").toFile())
                    .start();
        } catch (IOException e) {
            deleteQuietly(dir);
            throw new IOException("cannot start the server (" + e.getMessage() + ")\n  command: "
                    + String.join(" ", command), e);
        }
        LIVE.add(process);
        long deadline = System.nanoTime() + timeout.toNanos();
        String line;
        try {
            while ((line = firstLine(dir.resolve("stdout"))) == null) {
                if (!process.isAlive()) {
                    line = firstLine(dir.resolve("stdout")); // it may have printed, then died
                    if (line == null) {
                        throw failed(process, command, dir, "exited before printing its 'serving ...' line (exit code "
                                + process.exitValue() + ")");
                    }
                    break;
                }
                if (System.nanoTime() - deadline > 0) {
                    throw failed(process, command, dir, "printed no 'serving ...' line within "
                            + timeout.toSeconds() + " s");
                }
                Thread.sleep(POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed(process, command, dir, "start interrupted");
        }
        Matcher contract = CONTRACT_LINE.matcher(line);
        if (!contract.matches()) {
            throw failed(process, command, dir,
                    "printed '" + line + "' where 'serving NAME (PROTOCOL) on HOST:PORT' was expected");
        }
        return new ServerProcess(process, command, dir, contract);
    }

    /** The file's first complete line, or null while it has none. */
    private static String firstLine(Path file) throws IOException {
        byte[] head;
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            head = new byte[(int) Math.min(f.length(), 4096)];
            f.readFully(head);
        }
        for (int i = 0; i < head.length; i++) {
            if (head[i] == '\n') {
                return new String(head, 0, i, StandardCharsets.UTF_8).stripTrailing();
            }
        }
        return null;
    }

    private static IOException failed(Process process, List<String> command, Path dir, String what) {
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LIVE.remove(process);
        String stderr = tail(dir.resolve("stderr")).strip();
        deleteQuietly(dir);
        return new IOException("server " + what + "\n  command: " + String.join(" ", command)
                + "\n  stderr: " + (stderr.isEmpty() ? "(empty)" : "\n" + stderr.indent(4)));
    }

    /** The last 16 KiB of {@code file}; empty if it cannot be read. */
    static String tail(Path file) {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long from = Math.max(0, f.length() - STDERR_TAIL_BYTES);
            byte[] bytes = new byte[(int) (f.length() - from)];
            f.seek(from);
            f.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** Deletes {@code dir} and everything in it, as far as it can. */
    static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory: the OS cleans up what is left
        }
    }

    /** The name the server gave in its contract line. */
    public String name() {
        return name;
    }

    public String protocol() {
        return protocol;
    }

    public InetSocketAddress address() {
        return address;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public List<String> command() {
        return command;
    }

    /** CPU time (user + system) of the server's process tree so far, in nanoseconds; see {@link ProcStats}. */
    public long cpuNanos() {
        return ProcStats.treeCpuNanos(process.pid());
    }

    /** Resident memory of the server's process tree now, in bytes. */
    public long rssBytes() {
        return ProcStats.treeRssBytes(process.pid());
    }

    /** The last lines (up to 16 KiB) the server wrote to stderr. */
    public synchronized String stderrTail() {
        return stopped != null ? stopped.stderrTail() : tail(dir.resolve("stderr"));
    }

    /**
     * SIGTERM, then wait up to {@code timeout} for it to exit; SIGKILL if it does not. Idempotent:
     * a second call returns the first one's result.
     */
    public synchronized Stopped stop(Duration timeout) {
        if (stopped != null) {
            return stopped;
        }
        boolean killed = false;
        try {
            process.destroy(); // SIGTERM on Linux
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                killed = true;
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            killed = true;
        }
        LIVE.remove(process);
        List<String> out;
        try {
            List<String> all = Files.readAllLines(dir.resolve("stdout"), StandardCharsets.UTF_8);
            out = all.isEmpty() ? List.of() : List.copyOf(all.subList(1, all.size()));
        } catch (IOException e) {
            out = List.of();
        }
        stopped = new Stopped(process.isAlive() ? -1 : process.exitValue(), killed, out, tail(dir.resolve("stderr")));
        deleteQuietly(dir);
        return stopped;
    }

    /** {@link #stop} with the default {@link #STOP_TIMEOUT}. */
    @Override
    public void close() {
        stop(STOP_TIMEOUT);
    }

    @Override
    public String toString() {
        return name + " (" + protocol + ") on " + address.getHostString() + ":" + address.getPort() + ", pid "
                + pid();
    }
}

package dev.serverpatterns.benchmarks.cli;

import static dev.serverpatterns.benchmarks.cli.Formats.count;
import static dev.serverpatterns.benchmarks.cli.Formats.plural;

import dev.serverpatterns.core.RunningServer;
import dev.serverpatterns.core.ServerConfig;
import dev.serverpatterns.core.ServerPattern;
import dev.serverpatterns.core.ServerPatterns;
import dev.serverpatterns.core.ServerStats;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code serverpatterns serve}: runs one pattern until SIGINT or SIGTERM, then prints how the
 * connections were spread over its workers (csdesign's server03a table, UNP's Figure 30.2).
 *
 * <p>Contract: the first line on stdout, flushed at once, is exactly
 * {@code serving PATTERN (PROTOCOL) on HOST:PORT} with the port actually bound, so a harness
 * can start {@code serve --port 0} in a child process and read where to connect.
 *
 * <p>This command owns its JVM: it blocks until a signal, and the shutdown hook that handles the
 * signal ends the JVM with status 0 (a stop on request is a clean exit, not the 143 that the
 * JVM reports for SIGTERM).
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        header = "Serves a protocol with one pattern until SIGINT or SIGTERM.", showDefaultValues = true,
        description = {"Runs until SIGINT (Ctrl-C) or SIGTERM, then prints the connections served per worker.",
                "The first line on stdout is: serving PATTERN (PROTOCOL) on HOST:PORT"})
final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--pattern", required = true, paramLabel = "NAME", completionCandidates = PatternNames.class,
            description = "The design: ${COMPLETION-CANDIDATES}.")
    String pattern;

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "HOST", description = "Address to bind.")
    InetAddress host;

    @Option(names = "--port", defaultValue = "2000", paramLabel = "PORT", description = "Port to bind; 0 for an ephemeral one.")
    int port;

    @Option(names = "--protocol", defaultValue = "echo", paramLabel = "NAME", completionCandidates = ProtocolNames.class,
            description = "What to serve: ${COMPLETION-CANDIDATES}.")
    String protocol;

    @Option(names = "--workers", defaultValue = "4", paramLabel = "N",
            description = "Workers of the designs that have a fixed number (pools, event loops); others ignore it.")
    int workers;

    @Option(names = "--work", defaultValue = "0", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Simulated blocking work per request, e.g. 5ms.")
    Duration work;

    @Option(names = "--max-connections", defaultValue = "10000", paramLabel = "N",
            description = "Connections open at once; the next is accepted and closed.")
    int maxConnections;

    @Option(names = "--idle-timeout", defaultValue = "5m", converter = DurationConverter.class,
            paramLabel = "DURATION", description = "Closes a connection silent this long; 0 for never.")
    Duration idleTimeout;

    @Option(names = "--output-buffer", defaultValue = "64KiB", converter = ByteSizeConverter.class,
            paramLabel = "SIZE", description = "Most pending output a connection may hold.")
    int outputBuffer;

    @Option(names = "--backlog", defaultValue = "1024", paramLabel = "N", description = "The listen(2) backlog.")
    int backlog;

    @Option(names = {"-v", "--verbose"},
            description = "Log each connection and request (DEBUG) on stderr; otherwise only warnings.")
    boolean verbose;

    @Override
    public Integer call() throws IOException, InterruptedException {
        LogSetup.configure(verbose);
        ServerPattern design = ServerPatternsCli.validated(spec, () -> ServerPatterns.byName(pattern));
        ServerConfig config = ServerPatternsCli.validated(spec, this::config);
        if (workersGiven() && !design.workerModel().usesWorkerCount()) {
            spec.commandLine().getErr().println("note: --workers is ignored by " + design.name() + ": it has "
                    + design.workerModel().describe());
        }
        RunningServer server = design.start(config); // a busy port: IOException naming the address, status 1
        PrintWriter out = spec.commandLine().getOut();
        // The hook is in place before the line below is printed: whoever reads that line and
        // sends SIGTERM at once still gets the per-worker table and exit status 0.
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("serverpatterns-serve-shutdown").unstarted(() -> {
            server.close();
            printStats(out, server.stats(), design.workerModel().workersAreProcesses() ? "child" : "worker");
            out.flush();
            // Exit status 0: stopping on request is a clean exit. halt, because exit() from a
            // shutdown hook would wait for this very hook; our output is already flushed.
            Runtime.getRuntime().halt(0);
        }));
        out.println("serving " + design.name() + " (" + config.protocol() + ") on " + hostAndPort(server.address()));
        out.flush();
        spec.commandLine().getErr().println("(Ctrl-C or SIGTERM stops it and prints the connections per worker)");
        spec.commandLine().getErr().flush();
        new CountDownLatch(1).await(); // serve until the hook ends the JVM
        return 0;
    }

    /** Whether the user typed --workers (rather than it holding its default). */
    private boolean workersGiven() {
        return spec.commandLine().getParseResult().hasMatchedOption("--workers");
    }

    /** What the options ask for; its constructor validates every value. */
    ServerConfig config() {
        return ServerConfig.builder()
                .bindAddress(host)
                .port(port)
                .protocol(protocol)
                .workers(workers)
                .backlog(backlog)
                .maxConnections(maxConnections)
                .idleTimeout(idleTimeout)
                .outputBufferCap(outputBuffer)
                .workPerMessage(work)
                .build();
    }

    /**
     * {@code worker 3: 147 connections}, one line per worker, then the totals; last, the same
     * stats as one line of JSON ({@link ServerStats#toJson()}), which is what a harness reads.
     */
    static void printStats(PrintWriter out, ServerStats stats) {
        printStats(out, stats, "worker");
    }

    /** The same, naming each worker {@code child} for the designs whose workers are processes (csdesign's table). */
    static void printStats(PrintWriter out, ServerStats stats, String worker) {
        List<Long> perWorker = stats.servedPerWorker();
        for (int i = 0; i < perWorker.size(); i++) {
            out.println(worker + " " + i + ": " + plural(perWorker.get(i), "connection"));
        }
        out.println("accepted " + count(stats.accepted()) + ", refused " + count(stats.refused())
                + ", bytes in " + count(stats.bytesIn()) + ", bytes out " + count(stats.bytesOut()));
        out.println(stats.toJson());
    }

    /** {@code 127.0.0.1:2000}, {@code [::1]:2000}: the form nc and a URL take. */
    static String hostAndPort(InetSocketAddress address) {
        InetAddress ip = address.getAddress();
        String host = ip instanceof Inet6Address ? "[" + ip.getHostAddress() + "]" : ip.getHostAddress();
        return host + ":" + address.getPort();
    }
}

package dev.serverpatterns.benchmarks.cli;

import static dev.serverpatterns.benchmarks.cli.Formats.count;
import static dev.serverpatterns.benchmarks.cli.Formats.latency;

import dev.serverpatterns.benchmarks.client.ChurnLoad;
import dev.serverpatterns.benchmarks.client.LoadLimits;
import dev.serverpatterns.benchmarks.client.LoadProgress;
import dev.serverpatterns.benchmarks.client.LoadResult;
import dev.serverpatterns.benchmarks.client.PingPongLoad;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.stream.Stream;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * {@code serverpatterns load}: a load client for a running server, in one of two modes. A thin
 * shell: {@link ChurnLoad} and {@link PingPongLoad} do the work, with the same one-thread clients
 * that {@code compare} and the JMH suite measure with; this command reads options, prints progress
 * and the result.
 * Exit status 1 if anything went wrong (errors, or connections the time limit cut off).
 */
@Command(name = "load", mixinStandardHelpOptions = true,
        header = "A load client: connection churn (UNP ch.30) or ping-pong echo round trips.",
        showDefaultValues = true, sortOptions = false,
        description = {"Drives a running server, in one of two modes, chosen by the options you give:",
                "  churn (UNP ch.30 / csdesign client): -c CHILDREN concurrent children each make -t connections "
                        + "one after another; each sends BYTES\\n, reads exactly BYTES bytes and closes (serve "
                        + "--protocol bytes). UNP forks a process per child; here the children are concurrent "
                        + "connections of one client thread, and a child whose connection failed backs off.",
                "  ping-pong (echo): --connections N connections each do closed-loop round trips of --size bytes "
                        + "for --duration, checking every reply (serve --protocol echo).",
                "Prints a progress line on stderr about once a second; exit status 1 if any error."})
final class LoadCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "HOST", description = "Server host.")
    String host;

    @Option(names = "--port", defaultValue = "2000", paramLabel = "PORT", description = "Server port.")
    int port;

    @ArgGroup(validate = false, heading = "%nChurn (UNP ch.30 / csdesign client):%n")
    ChurnOptions churn = new ChurnOptions();

    @ArgGroup(validate = false, heading = "%nPing-pong (echo):%n")
    PingPongOptions pingPong = new PingPongOptions();

    @ArgGroup(validate = false, heading = "%nLimits (nothing waits forever):%n")
    LimitOptions limits = new LimitOptions();

    static final class ChurnOptions {
        @Option(names = {"-c", "--children"}, defaultValue = "5", paramLabel = "CHILDREN",
                description = "Concurrent children.")
        int children;

        @Option(names = {"-t", "--connections-each"}, defaultValue = "500", paramLabel = "CONNECTIONS",
                description = "Connections each child makes, one after another.")
        int connectionsEach;

        @Option(names = {"-b", "--bytes"}, defaultValue = "4000", converter = ByteSizeConverter.class,
                paramLabel = "BYTES", description = "Bytes asked for per connection.")
        int bytes;

        @Option(names = "--time-limit", defaultValue = "60s", converter = DurationConverter.class,
                paramLabel = "DURATION", description = "Connections not made by then are reported and not made.")
        Duration timeLimit;
    }

    static final class PingPongOptions {
        @Option(names = "--connections", defaultValue = "16", paramLabel = "N", description = "Connections.")
        int connections;

        @Option(names = "--size", defaultValue = "64", converter = ByteSizeConverter.class, paramLabel = "BYTES",
                description = "Bytes per message.")
        int size;

        @Option(names = "--duration", defaultValue = "10s", converter = DurationConverter.class,
                paramLabel = "DURATION", description = "How long to run.")
        Duration duration;
    }

    static final class LimitOptions {
        @Option(names = "--connect-timeout", defaultValue = "10s", converter = DurationConverter.class,
                paramLabel = "DURATION", description = "A slower connect is an error.")
        Duration connectTimeout;

        @Option(names = "--read-timeout", defaultValue = "10s", converter = DurationConverter.class,
                paramLabel = "DURATION", description = "Churn: a reply silent this long is an error.")
        Duration readTimeout;

        @Option(names = "--grace", defaultValue = "2s", converter = DurationConverter.class,
                paramLabel = "DURATION",
                description = "After the run, time for operations in flight; then they are cut off as errors.")
        Duration grace;
    }

    private static final String[] CHURN_OPTIONS = {"--children", "--connections-each", "--bytes", "--time-limit"};
    private static final String[] PING_PONG_OPTIONS = {"--connections", "--size", "--duration"};

    @Override
    public Integer call() throws IOException {
        boolean isChurn = anyGiven(CHURN_OPTIONS);
        boolean isPingPong = anyGiven(PING_PONG_OPTIONS);
        if (isChurn == isPingPong) {
            throw new ParameterException(spec.commandLine(), (isChurn ? "churn and ping-pong options mixed" : "no mode")
                    + ": give churn options (-c, -t, -b) or ping-pong options (--connections, --size, --duration)");
        }
        InetSocketAddress target = ServerPatternsCli.validated(spec, () -> new InetSocketAddress(host, port));
        LoadLimits bounds = ServerPatternsCli.validated(spec,
                () -> new LoadLimits(limits.connectTimeout, limits.readTimeout, limits.grace));
        return isChurn ? churn(target, bounds) : pingPong(target, bounds);
    }

    private int churn(InetSocketAddress target, LoadLimits bounds) throws IOException {
        ChurnLoad load = ServerPatternsCli.validated(spec, () -> new ChurnLoad(target, churn.children,
                churn.connectionsEach, churn.bytes, churn.timeLimit, bounds));
        PrintWriter out = spec.commandLine().getOut();
        out.printf("churn: %d children x %d connections x %d B against %s%n", load.children(),
                load.connectionsPerChild(), load.bytes(), ServeCommand.hostAndPort(target));
        out.flush();
        LoadResult result = load.run(progressLine());
        out.printf("  connections  %s of %s in %s: %s/s%n", count(result.completed()), count(result.planned()),
                Formats.seconds(result.elapsed()), Formats.rate(result.perSecond()));
        printLatency(out, result, " (connect + request)");
        out.printf("  received     %s bytes%n", count(result.completed() * load.bytes()));
        if (result.unfinished() > 0) {
            out.printf("  unfinished   %s connections not made within the %s time limit%n",
                    count(result.unfinished()), DurationConverter.format(load.timeLimit()));
        }
        return finish(out, result);
    }

    private int pingPong(InetSocketAddress target, LoadLimits bounds) throws IOException {
        PingPongLoad load = ServerPatternsCli.validated(spec, () -> new PingPongLoad(target, pingPong.connections,
                pingPong.size, pingPong.duration, bounds));
        PrintWriter out = spec.commandLine().getOut();
        out.printf("ping-pong: %d connections x %d B for %s against %s%n", load.connections(), load.size(),
                DurationConverter.format(load.duration()), ServeCommand.hostAndPort(target));
        out.flush();
        LoadResult result = load.run(progressLine());
        out.printf("  round trips  %s in %s: %s/s%n", count(result.completed()), Formats.seconds(result.elapsed()),
                Formats.rate(result.perSecond()));
        printLatency(out, result, "");
        if (result.starved() > 0) {
            out.printf("  starved      %d of %d connections never completed a round trip (the server did not "
                    + "serve them during the run)%n", result.starved(), result.workers());
        }
        return finish(out, result);
    }

    private static void printLatency(PrintWriter out, LoadResult result, String what) {
        out.printf("  latency      p50 %s  p99 %s  p99.9 %s  max %s%s%n", latency(result.latencyAt(50)),
                latency(result.latencyAt(99)), latency(result.latencyAt(99.9)), latency(result.latencyAt(100)),
                what);
    }

    private static int finish(PrintWriter out, LoadResult result) {
        out.printf("  errors       %s%n", count(result.errors()));
        for (String error : result.firstErrors()) {
            out.println("    " + error);
        }
        if (result.errors() > result.firstErrors().size()) {
            out.println("    ... and " + count(result.errors() - result.firstErrors().size()) + " more");
        }
        out.flush();
        return result.succeeded() ? 0 : 1;
    }

    /** {@code [3s] 12,345 round trips, 0 errors} on stderr. */
    private Consumer<LoadProgress> progressLine() {
        PrintWriter err = spec.commandLine().getErr();
        String unit = anyGiven(CHURN_OPTIONS) ? "connections" : "round trips";
        return p -> {
            err.printf("[%ds] %s %s, %s errors%n", Math.round(p.elapsed().toMillis() / 1000.0), count(p.completed()),
                    unit, count(p.errors()));
            err.flush();
        };
    }

    private boolean anyGiven(String... options) {
        ParseResult given = spec.commandLine().getParseResult();
        return Stream.of(options).anyMatch(given::hasMatchedOption);
    }
}

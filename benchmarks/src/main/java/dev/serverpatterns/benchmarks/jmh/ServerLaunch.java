package dev.serverpatterns.benchmarks.jmh;

import dev.serverpatterns.core.ServerConfig;
import dev.serverpatterns.core.ServerPatterns;
import dev.serverpatterns.core.WorkerModel;
import dev.serverpatterns.core.workers.ProcessWorker;
import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What server a benchmark trial needs: a registered pattern (or the {@link Yardstick}), the
 * protocol, the simulated work, and how many connections the client holds open at once for the
 * whole trial ({@code heldConnections}: the ping-pong's N, the idle K plus the 16 active). Short
 * connections made a few at a time (the churn) count as one: a design that serves one
 * connection at a time makes them queue in the listen backlog, which is slow, not stuck.
 * {@link #check()} decides, before anything is started, whether the design can serve that at
 * all; {@link #start()} starts it in its own process.
 *
 * <p>Patterns are started through the real front end, in a child JVM that is the one running
 * this code (same {@code java}, same class path), exactly as a user would:
 * {@code java --enable-native-access=ALL-UNNAMED -cp ... ServerPatternsCli serve --pattern NAME --port 0 ...},
 * behind {@code taskset} if the {@link Placement} pins it.
 *
 * <p><b>Worker policy</b>, decided from the pattern's {@link WorkerModel}, never from its name or
 * from whether it is supervised. A pattern that keeps a fixed set of workers
 * ({@link WorkerModel.Concurrency#ONE_CONNECTION_PER_WORKER}: the prethreaded pools, the preforked
 * children) serves one connection per worker, and a closed-loop client never lets go of its
 * connections, so with fewer workers than connections some would never be served. Such a pattern
 * is therefore started with {@code --workers max(4, connections)}, and reported as "cannot" when
 * that exceeds {@link ServerConfig#MAX_WORKERS}. A design whose worker count is its number of event
 * loops ({@link WorkerModel#workersAreEventLoops}) is started with one loop per processor, the
 * usual choice (nginx's {@code worker_processes auto}): more loops than cores only add context
 * switches, and the default of 4 would be that on a 2-core machine. Every other pattern keeps its
 * own default: a worker per connection needs no count, and a reactor's pool is sized for blocking
 * work, not for cores. What
 * the model says it serves at once ({@link WorkerModel#connectionsServedAtOnce}) decides "cannot".
 */
public record ServerLaunch(String pattern, String protocol, Duration work, int heldConnections,
                           Integer workersOverride) {

    /** The class that the child JVM runs: the {@code serverpatterns} front end. */
    public static final String CLI_MAIN = "dev.serverpatterns.benchmarks.cli.ServerPatternsCli";
    /** Fewer workers than this are never asked for (ServerConfig's default). */
    static final int MIN_POOL_WORKERS = ServerConfig.defaults().workers();
    /** Well over any trial's length: an idle benchmark connection must not be timed out. */
    static final String IDLE_TIMEOUT = "10m";
    /** Room for the largest idle scenario (9,000 + 16) and then some; ulimit -n is the real bound. */
    static final int MAX_CONNECTIONS = 20_000;

    public ServerLaunch {
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(work, "work");
    }

    public static ServerLaunch of(String pattern, String protocol, Duration work, int heldConnections) {
        return new ServerLaunch(pattern, protocol, work, heldConnections, null);
    }

    /** The same launch with an explicit worker count (Stevens' runs use 15). */
    public ServerLaunch withWorkers(int workers) {
        return new ServerLaunch(pattern, protocol, work, heldConnections, workers);
    }

    public boolean isYardstick() {
        return Yardstick.NAME.equals(pattern);
    }

    /** The bare-Netty echo server, the second reference row ({@link BareNetty}). */
    public boolean isBareNetty() {
        return BareNetty.NAME.equals(pattern);
    }

    /**
     * Whether this server can serve this load, decided from what the design declares.
     *
     * @throws CannotRun with the reason if it cannot (or, for the yardstick, if it does not apply)
     */
    public void check() {
        if (isYardstick() || isBareNetty()) {
            String which = isYardstick() ? "the C yardstick" : "the bare-Netty echo server";
            if (!Yardstick.PROTOCOL.equals(protocol)) {
                throw CannotRun.notApplicable(which + " speaks echo only, this scenario needs the '"
                        + protocol + "' protocol");
            }
            if (!work.isZero()) {
                throw CannotRun.notApplicable(which + " has no simulated per-message work");
            }
            String reason = isYardstick() ? Yardstick.unavailableReason() : BareNetty.unavailableReason();
            if (reason != null) {
                throw CannotRun.notApplicable(reason);
            }
            return;
        }
        WorkerModel model = ServerPatterns.byName(pattern).workerModel();
        cannotServe(model, workers(model, heldConnections, workersOverride), heldConnections).ifPresent(reason -> {
            throw CannotRun.cannot(reason);
        });
    }

    /**
     * The worker count to pass to a pattern of this model, or 0 if it keeps its default: a fixed
     * pool gets a worker per held connection (and never fewer than its default); N event loops get
     * one per processor; a design that makes a worker per connection, or a reactor's pool, keeps
     * its own count however many connections there are.
     */
    static int workers(WorkerModel model, int heldConnections, Integer override) {
        if (override != null) {
            return override;
        }
        if (model.workersAreEventLoops()) {
            return Runtime.getRuntime().availableProcessors();
        }
        return model.concurrency() == WorkerModel.Concurrency.ONE_CONNECTION_PER_WORKER
                ? Math.max(MIN_POOL_WORKERS, heldConnections) : 0;
    }

    /**
     * Why a design of this model, given {@code workers} (0: its default), cannot serve
     * {@code heldConnections} held open at once; empty if it can.
     */
    static Optional<String> cannotServe(WorkerModel model, int workers, int heldConnections) {
        if (workers > ServerConfig.MAX_WORKERS) {
            return Optional.of("a fixed pool serves one connection per worker: " + heldConnections
                    + " connections need " + workers + " workers, over the limit of " + ServerConfig.MAX_WORKERS);
        }
        int configured = workers > 0 ? workers : ServerConfig.defaults().workers();
        int processes = model.concurrency() == WorkerModel.Concurrency.WORKER_PER_CONNECTION ? heldConnections
                : model.usesWorkerCount() ? configured : 1;
        if (model.workersAreProcesses() && processes > ProcessWorker.MAX_ALIVE) {
            return Optional.of("a child JVM per " + (model.usesWorkerCount() ? "worker" : "connection") + ": "
                    + heldConnections + " connections need " + processes + " of them, more than the "
                    + ProcessWorker.MAX_ALIVE + " that half this machine's memory holds at 64 MiB each");
        }
        int servedAtOnce = model.connectionsServedAtOnce(configured);
        if (servedAtOnce >= heldConnections) {
            return Optional.empty();
        }
        int waiting = heldConnections - servedAtOnce;
        return Optional.of(model.servesOneClientAtATime()
                ? "serves one client at a time: " + waiting + " of " + heldConnections
                        + " connections would wait in the listen backlog forever"
                : "serves one connection per worker: " + waiting + " of " + heldConnections
                        + " connections would wait for one of its " + configured + " workers forever");
    }

    /** The child's command line. */
    public List<String> command() throws IOException {
        List<String> cmd = new ArrayList<>(Placement.current().serverPrefix());
        if (isYardstick()) {
            try {
                cmd.addAll(Yardstick.command());
                return cmd;
            } catch (Yardstick.Unavailable e) {
                throw new IOException(e.getMessage(), e);
            }
        }
        if (isBareNetty()) {
            cmd.addAll(BareNetty.command());
            return cmd;
        }
        cmd.addAll(List.of(currentJava(), "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), CLI_MAIN, "serve",
                "--pattern", pattern, "--port", "0", "--protocol", protocol,
                "--max-connections", Integer.toString(MAX_CONNECTIONS), "--idle-timeout", IDLE_TIMEOUT));
        int workers = workers(ServerPatterns.byName(pattern).workerModel(), heldConnections, workersOverride);
        if (workers > 0) {
            cmd.addAll(List.of("--workers", Integer.toString(workers)));
        }
        if (!work.isZero()) {
            cmd.addAll(List.of("--work", work.toMillis() + "ms"));
        }
        return cmd;
    }

    /**
     * Checks, then starts the server and waits for its contract line; first pins this JVM, the
     * client, if the {@link Placement} says so.
     */
    public ServerProcess start() throws IOException {
        check();
        Placement.current().pinClient();
        ServerProcess server = ServerProcess.start(command(), ServerProcess.START_TIMEOUT);
        if (!server.name().equals(pattern)) {
            server.close();
            throw new IOException("asked for " + pattern + " but the server says it is " + server.name());
        }
        return server;
    }

    /** The java that runs this JVM, so the server runs on the same JDK as the client. */
    static String currentJava() {
        return ProcessHandle.current().info().command()
                .orElse(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
    }
}

package dev.serverpatterns.core;

import java.io.IOException;
import java.util.Optional;

/**
 * One design for serving many clients at once: iterative, a thread per client, a pool of
 * threads blocked in {@code accept()}, a selector loop, and so on.
 *
 * <p>Implementations are found with {@link java.util.ServiceLoader} (see {@link ServerPatterns}),
 * so a pattern is available wherever its jar is: on the module path through {@code provides},
 * on the class path through {@code META-INF/services}. An implementation must have a public
 * no-argument constructor and keep no state of its own: everything a running server owns lives
 * in the {@link RunningServer} that {@link #start} returns.
 */
public interface ServerPattern {

    /** A stable, lower-case, hyphenated name, e.g. {@code thread-per-client}. */
    String name();

    /** One line: the idea, in the words a doc page would use. */
    String description();

    /**
     * Binds the configured address and starts serving the configured protocol.
     *
     * @throws IOException if the address cannot be bound; the message names the address
     */
    RunningServer start(ServerConfig config) throws IOException;

    /**
     * How this design spreads connections over workers: one at a time, a fixed pool, a worker per
     * connection, or event loops; threads or processes; supervised or not. The contract kit and
     * the benchmark launcher decide from it what to expect and what to ask for.
     */
    WorkerModel workerModel();

    /**
     * The server of UNP vol. 1 ch. 30 that this design implements ({@code serv00} ... {@code serv08}),
     * if any: the report puts Stevens' measured figure beside this pattern's.
     */
    default Optional<String> unpServer() {
        return Optional.empty();
    }
}

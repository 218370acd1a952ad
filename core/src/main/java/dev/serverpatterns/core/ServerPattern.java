package dev.serverpatterns.core;

import java.io.IOException;

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
     * Whether this design serves one client at a time, by design (the iterative server).
     * The contract kit then asserts that a second client IS held while the first is connected.
     */
    default boolean servesOneClientAtATime() {
        return false;
    }

    /**
     * Whether this design keeps a fixed set of workers and replaces one that dies. The contract
     * kit then kills a worker with an injected fault and asserts the next clients are served.
     */
    default boolean supervisesWorkers() {
        return false;
    }
}

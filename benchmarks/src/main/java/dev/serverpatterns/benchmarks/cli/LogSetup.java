package dev.serverpatterns.benchmarks.cli;

import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Routes the project's logging to stderr, one line per record. The core logs through
 * {@link System.Logger}, which the JDK backs with java.util.logging, so configuring the
 * {@code dev.serverpatterns} logger here configures every class below it.
 */
final class LogSetup {

    static final String PROJECT_LOGGER = "dev.serverpatterns";

    /** Held: java.util.logging keeps loggers weakly, and a collected logger forgets its level. */
    private static final Logger PROJECT = Logger.getLogger(PROJECT_LOGGER);

    private LogSetup() {
    }

    /**
     * {@code verbose}: DEBUG and up (each connection, each request); otherwise INFO and up: the
     * connection events a user must see (refusals, protocol errors, idle closes), rate-limited
     * by {@link dev.serverpatterns.core.ConnectionLog}.
     */
    static synchronized void configure(boolean verbose) {
        Level level = verbose ? Level.FINE : Level.INFO;
        for (Handler old : PROJECT.getHandlers()) {
            PROJECT.removeHandler(old);
        }
        Handler stderr = new ConsoleHandler(); // writes to System.err, flushing every record
        stderr.setFormatter(new OneLineLogFormatter());
        stderr.setLevel(level);
        PROJECT.addHandler(stderr);
        PROJECT.setLevel(level);
        PROJECT.setUseParentHandlers(false); // no second, two-line copy from the root logger
    }
}

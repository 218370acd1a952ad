package dev.serverpatterns.core.workers;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A thread or a child process, seen through the little that {@link Workers} needs to start,
 * supervise and stop it.
 */
public interface Worker {

    /** {@code serverpatterns-PATTERN-ROLE}. */
    String name();

    boolean isAlive();

    /** Asks it to stop: interrupts a thread; sends SIGTERM to a process. */
    void requestStop();

    /** Ends it now where that is possible (SIGKILL for a process); a thread cannot be forced. */
    void forceStop();

    /** Completes when the worker has ended. */
    CompletableFuture<?> onExit();

    /** Waits at most {@code timeout} for it to end; true if it has. */
    default boolean awaitExit(Duration timeout) throws InterruptedException {
        try {
            onExit().get(timeout.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return true; // it ended, badly; ending is what was awaited
        }
    }
}

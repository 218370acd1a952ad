package dev.serverpatterns.core.workers;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** A platform or virtual thread as a {@link Worker}: started on construction, ended when its body returns. */
public final class ThreadWorker implements Worker {

    private final Thread thread;
    private final CompletableFuture<Void> exited = new CompletableFuture<>();

    /**
     * Builds the thread from {@code builder} and starts it.
     *
     * @throws OutOfMemoryError if no thread can be created (then nothing was started)
     */
    public ThreadWorker(Thread.Builder builder, Runnable body) {
        this.thread = builder.unstarted(() -> {
            try {
                body.run();
            } finally {
                exited.complete(null);
            }
        });
        thread.start();
    }

    public Thread thread() {
        return thread;
    }

    @Override
    public String name() {
        return thread.getName();
    }

    @Override
    public boolean isAlive() {
        return thread.isAlive();
    }

    @Override
    public void requestStop() {
        thread.interrupt();
    }

    @Override
    public void forceStop() {
        // a thread cannot be ended from outside: it was interrupted and its sockets are closed
    }

    @Override
    public CompletableFuture<?> onExit() {
        return exited;
    }

    /** Joins the thread itself: {@link #onExit()} completes a moment before the thread is no longer alive. */
    @Override
    public boolean awaitExit(Duration timeout) throws InterruptedException {
        return thread.join(timeout);
    }
}

package dev.serverpatterns.core.workers;

import java.util.concurrent.CompletableFuture;

/**
 * A child process as a {@link Worker}: SIGTERM to ask it to stop, SIGKILL to force it. Its
 * {@link #onExit()} completes once the JDK has reaped it, so a stopped worker leaves no zombie.
 */
public final class ProcessWorker implements Worker {

    private final String name;
    private final ProcessHandle process;

    public ProcessWorker(String name, ProcessHandle process) {
        this.name = name;
        this.process = process;
    }

    public ProcessHandle process() {
        return process;
    }

    @Override
    public String name() {
        return name + " (pid " + process.pid() + ")";
    }

    @Override
    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void requestStop() {
        process.destroy();
    }

    @Override
    public void forceStop() {
        process.destroyForcibly();
    }

    @Override
    public CompletableFuture<?> onExit() {
        return process.onExit();
    }
}

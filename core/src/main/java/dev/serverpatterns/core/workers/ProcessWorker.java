package dev.serverpatterns.core.workers;

import java.util.concurrent.CompletableFuture;

/**
 * A child process as a {@link Worker}: SIGTERM to ask it to stop, SIGKILL to force it. Its
 * {@link #onExit()} completes once the child has been reaped, so a stopped worker leaves no
 * zombie. The JDK reaps the children it started itself (a {@link Process}); a child started some
 * other way (posix_spawn(3) through FFM) is only waited for by {@link ProcessHandle#onExit()},
 * not reaped, so its owner passes the future that completes once it has reaped it.
 */
public final class ProcessWorker implements Worker {

    private final String name;
    private final ProcessHandle process;
    private final CompletableFuture<?> exited;

    /** A child the JDK started and reaps: {@link ProcessHandle#onExit()} is when it has ended. */
    public ProcessWorker(String name, ProcessHandle process) {
        this(name, process, process.onExit());
    }

    /** @param reaped completes once the owner has reaped the child (waitpid(2)) */
    public ProcessWorker(String name, ProcessHandle process, CompletableFuture<?> reaped) {
        this.name = name;
        this.process = process;
        this.exited = reaped;
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
        return exited;
    }
}

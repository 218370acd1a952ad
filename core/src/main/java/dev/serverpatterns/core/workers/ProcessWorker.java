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

    /**
     * Child JVMs a server may have alive at once. Each is a JVM of some 40-60 MiB resident, so a
     * thousand of them would take more memory than most machines have, and the kernel's OOM killer
     * would choose who dies: at most as many as half the machine's memory holds at 64 MiB each
     * (read from /proc/meminfo; 64 where that cannot be read), and never more than 1,024.
     */
    public static final int MAX_ALIVE = processesTheMemoryHolds();

    private static int processesTheMemoryHolds() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) { // in kB
                    long kib = Long.parseLong(line.replaceAll("\\D", ""));
                    return (int) Math.max(8, Math.min(1024, kib / 2 / (64 * 1024)));
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux, or not readable: the fixed cap below
        }
        return 64;
    }

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

package dev.serverpatterns.core;

import java.util.Objects;

/**
 * How a design spreads connections over its workers, declared once by each pattern, so that
 * whoever has to know (the contract kit, the benchmark launcher, {@code serve}) decides from it
 * rather than from the pattern's name.
 *
 * @param concurrency    how many connections one worker holds, and how many workers there are
 * @param worker         what a worker is: a platform thread, a virtual thread or a child process
 * @param usesWorkerCount whether {@link ServerConfig#workers()} sets how many workers there are
 *                        (a fixed pool, N event loops); if not, the option is ignored
 * @param supervised     whether a worker that dies is replaced in its slot
 */
public record WorkerModel(Concurrency concurrency, Worker worker, boolean usesWorkerCount, boolean supervised) {

    /** How connections map to workers. */
    public enum Concurrency {
        /** One worker serves one connection at a time; the next one waits in the listen backlog. */
        ONE_AT_A_TIME,
        /** A fixed set of N workers, each serving one connection at a time: N busy clients block the rest. */
        ONE_CONNECTION_PER_WORKER,
        /** A new worker for every connection, for as long as it lasts. */
        WORKER_PER_CONNECTION,
        /** N event loops, each serving many connections by readiness (or completion) notification. */
        MULTIPLEXED,
        /**
         * One event loop does the I/O of every connection; a pool of N workers does the protocol work
         * (Doug Lea's reactor with a worker pool): N is the pool, not the loops.
         */
        MULTIPLEXED_WITH_POOL
    }

    /** What a worker is. */
    public enum Worker {
        THREAD, VIRTUAL_THREAD, PROCESS
    }

    public WorkerModel {
        Objects.requireNonNull(concurrency, "concurrency");
        Objects.requireNonNull(worker, "worker");
        if (concurrency == Concurrency.ONE_CONNECTION_PER_WORKER && !usesWorkerCount) {
            throw new IllegalArgumentException("a fixed set of workers is sized by the workers option");
        }
    }

    /** The iterative server: one thread, one connection at a time. */
    public static WorkerModel oneAtATime() {
        return new WorkerModel(Concurrency.ONE_AT_A_TIME, Worker.THREAD, false, false);
    }

    /** N workers made up front, each serving one connection at a time, replaced when one dies. */
    public static WorkerModel supervisedPool(Worker worker) {
        return new WorkerModel(Concurrency.ONE_CONNECTION_PER_WORKER, worker, true, true);
    }

    /** A new worker of this kind for every connection. */
    public static WorkerModel perConnection(Worker worker) {
        return new WorkerModel(Concurrency.WORKER_PER_CONNECTION, worker, false, false);
    }

    /** Event loops on threads: one loop, or N of them when {@code sizedByWorkers}. */
    public static WorkerModel eventLoops(boolean sizedByWorkers) {
        return new WorkerModel(Concurrency.MULTIPLEXED, Worker.THREAD, sizedByWorkers, false);
    }

    /** One event loop for the I/O, a pool of N threads for the protocol work. */
    public static WorkerModel reactorWithPool() {
        return new WorkerModel(Concurrency.MULTIPLEXED_WITH_POOL, Worker.THREAD, true, false);
    }

    /** Whether {@link ServerConfig#workers()} is the number of event loops (one per core is the usual choice). */
    public boolean workersAreEventLoops() {
        return concurrency == Concurrency.MULTIPLEXED && usesWorkerCount;
    }

    public boolean servesOneClientAtATime() {
        return concurrency == Concurrency.ONE_AT_A_TIME;
    }

    public boolean workersAreProcesses() {
        return worker == Worker.PROCESS;
    }

    /**
     * How many connections this design serves at once with {@code workers} configured:
     * 1, {@code workers}, or {@link Integer#MAX_VALUE} where only the max-connections limit and
     * the machine bound it.
     */
    public int connectionsServedAtOnce(int workers) {
        return switch (concurrency) {
            case ONE_AT_A_TIME -> 1;
            case ONE_CONNECTION_PER_WORKER -> workers;
            case WORKER_PER_CONNECTION, MULTIPLEXED, MULTIPLEXED_WITH_POOL -> Integer.MAX_VALUE;
        };
    }

    /** One line for {@code list} and the docs, e.g. "a fixed pool of N threads, supervised". */
    public String describe() {
        String one = switch (worker) {
            case THREAD -> "thread";
            case VIRTUAL_THREAD -> "virtual thread";
            case PROCESS -> "process";
        };
        String many = worker == Worker.PROCESS ? "processes" : one + "s";
        String shape = switch (concurrency) {
            case ONE_AT_A_TIME -> "one " + one + ", one connection at a time";
            case ONE_CONNECTION_PER_WORKER -> "a fixed pool of N " + many;
            case WORKER_PER_CONNECTION -> "a " + one + " per connection";
            case MULTIPLEXED -> (usesWorkerCount ? "N event loops, one per " + one : "one event loop on a " + one)
                    + ", many connections each";
            case MULTIPLEXED_WITH_POOL -> "one event loop on a " + one + " for the I/O of every connection, "
                    + "a pool of N " + many + " for the protocol work";
        };
        return supervised ? shape + ", supervised" : shape;
    }
}

package dev.serverpatterns.benchmarks.client;

import java.io.IOException;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/** A load to run against a server: {@link PingPongLoad} or {@link ChurnLoad}. */
public interface Load {

    /**
     * Runs {@code warmup} unmeasured, then the measured window, reading {@code serverCpuNanos} (if
     * not null) when the window opens and when it closes; {@code progress} hears about once a second.
     */
    LoadResult run(Duration warmup, Consumer<LoadProgress> progress, LongSupplier serverCpuNanos) throws IOException;

    default LoadResult run() throws IOException {
        return run(progress -> { });
    }

    /** Runs the load, measured from the start; {@code progress} hears about once a second. */
    default LoadResult run(Consumer<LoadProgress> progress) throws IOException {
        return run(Duration.ZERO, progress, null);
    }
}

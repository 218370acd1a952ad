package dev.serverpatterns.benchmarks.load;

import dev.serverpatterns.benchmarks.client.ChurnLoad;
import dev.serverpatterns.benchmarks.client.LoadResult;
import dev.serverpatterns.benchmarks.client.PingPongLoad;
import dev.serverpatterns.core.RunningServer;
import dev.serverpatterns.core.ServerConfig;
import dev.serverpatterns.core.ServerPattern;
import java.io.IOException;

/**
 * Measures one pattern in this process with a {@link ComparisonWorkload}: start it on an
 * ephemeral port serving {@code echo} and run the ping-pong phase, close it; start it again
 * serving {@code bytes} and run the churn phase, close it. Running every pattern through the
 * same two phases is what lets {@code serverpatterns compare} print their rows side by side.
 */
public final class PatternComparison {

    private PatternComparison() {
    }

    public static PatternScore measure(ServerPattern pattern, ComparisonWorkload workload) {
        LoadResult pingPong;
        LoadResult churn;
        try (RunningServer server = pattern.start(config(workload, "echo"))) {
            pingPong = new PingPongLoad(server.address(), workload.pingPongConnections(), workload.pingPongSize(),
                    workload.phase(), workload.limits()).run();
        } catch (IOException | RuntimeException e) {
            return new PatternScore(pattern, null, null, "failed to start: " + message(e));
        }
        try (RunningServer server = pattern.start(config(workload, "bytes"))) {
            churn = ChurnLoad.timed(server.address(), workload.churnChildren(), workload.churnBytes(),
                    workload.phase(), workload.limits()).run();
        } catch (IOException | RuntimeException e) {
            return new PatternScore(pattern, pingPong, null, "failed to start: " + message(e));
        }
        return new PatternScore(pattern, pingPong, churn, null);
    }

    private static ServerConfig config(ComparisonWorkload workload, String protocol) {
        return ServerConfig.builder().port(0).protocol(protocol).workers(workload.workers()).build();
    }

    private static String message(Exception e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}

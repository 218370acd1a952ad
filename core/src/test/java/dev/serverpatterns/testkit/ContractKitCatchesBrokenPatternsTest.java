package dev.serverpatterns.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import dev.serverpatterns.core.RunningServer;
import dev.serverpatterns.core.ServerConfig;
import dev.serverpatterns.core.ServerPattern;
import dev.serverpatterns.core.WorkerModel;
import dev.serverpatterns.core.blocking.BlockingServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;

/**
 * A contract test that no correct pattern can fail is only half a test. The blocking loop
 * writes everything before it reads again, so it can never hold more than one buffer, and the
 * slow-reader test passes for every blocking pattern by construction. Here the kit is run
 * against a deliberately broken design, one that reads on one thread and writes on another
 * through an unbounded queue (the classic way to run out of memory), and must fail it.
 */
class ContractKitCatchesBrokenPatternsTest {

    @Test
    void theSlowReaderTestFailsAPatternThatBuffersWithoutBound() {
        var summary = new SummaryGeneratingListener();
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(selectMethod(UnboundedBufferContract.class,
                        "aSlowReaderCannotMakeTheServerBufferMoreThanItsCap"))
                .build(), summary);
        assertThat(summary.getSummary().getTestsStartedCount()).isEqualTo(1);
        assertThat(summary.getSummary().getTestsFailedCount()).as("the broken pattern fails the contract").isEqualTo(1);
        assertThat(summary.getSummary().getFailures().getFirst().getException())
                .as("an assertion of the contract, not a time-out or an I/O error")
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("the server");
    }

    /** Not a test of its own: nested, so neither surefire nor the engine picks it up. */
    static class UnboundedBufferContract extends ServerPatternContract {
        UnboundedBufferContract() {
            super(new UnboundedBufferPattern());
        }
    }

    /** Echo with a reader thread and a writer thread joined by an unbounded queue: wrong on purpose. */
    static final class UnboundedBufferPattern implements ServerPattern {
        @Override
        public String name() {
            return "unbounded-buffer";
        }

        @Override
        public String description() {
            return "broken on purpose: reads ahead into an unbounded queue";
        }

        @Override
        public WorkerModel workerModel() {
            return WorkerModel.perConnection(WorkerModel.Worker.THREAD);
        }

        @Override
        public RunningServer start(ServerConfig config) throws IOException {
            BlockingServer server = BlockingServer.listen(name(), config, 1);
            server.startThread("acceptor", () -> {
                Socket client;
                while ((client = server.accept()) != null) {
                    var queue = new LinkedBlockingQueue<byte[]>();
                    Socket socket = client;
                    server.startThread("reader", () -> readAll(socket, queue, server));
                    server.startThread("writer", () -> writeAll(socket, queue, server));
                }
            });
            return server;
        }

        private static void readAll(Socket socket, LinkedBlockingQueue<byte[]> queue, BlockingServer server) {
            try (InputStream in = socket.getInputStream()) {
                byte[] buffer = new byte[16 * 1024];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    queue.add(Arrays.copyOf(buffer, n));
                    server.connections().countIn(n);
                }
            } catch (IOException e) {
                // connection over
            }
        }

        private static void writeAll(Socket socket, LinkedBlockingQueue<byte[]> queue, BlockingServer server) {
            try (OutputStream out = socket.getOutputStream()) {
                while (!socket.isClosed()) {
                    byte[] bytes = queue.take();
                    out.write(bytes);
                    server.connections().countOut(bytes.length);
                }
            } catch (IOException | InterruptedException e) {
                // connection over
            }
        }
    }
}

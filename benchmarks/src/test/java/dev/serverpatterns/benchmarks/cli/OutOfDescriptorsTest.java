package dev.serverpatterns.benchmarks.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An event loop whose process has no descriptor left: accept(2) fails with EMFILE while the
 * connection stays in the backlog, so the listening socket stays readable. A loop that just tried
 * again would spin at full speed and log every turn; these loops pause accepting for
 * {@code EventLoop.ACCEPT_BACKOFF} (100 ms), go on serving the connections they have, and accept
 * the waiting one once a descriptor is free. Run in a child JVM with a small {@code ulimit -n}.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class OutOfDescriptorsTest {

    private static final int OPEN_FILES = 160;
    private static final Pattern CONTRACT_LINE = Pattern.compile("serving \\S+ \\(echo\\) on 127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern ACCEPT_FAILED = Pattern.compile("accept failed");

    @ParameterizedTest
    @ValueSource(strings = {"select", "poll", "nio-reactor"})
    void aLoopOutOfDescriptorsPausesAcceptingKeepsServingAndAcceptsTheWaitingClientLater(String pattern)
            throws Exception {
        try (var serve = ServeProcess.withOpenFilesLimit(OPEN_FILES, "--pattern", pattern, "--port", "0")) {
            String first = serve.nextLine(30);
            Matcher contract = CONTRACT_LINE.matcher(first);
            assertThat(contract.matches()).as("first line: %s; stderr: %s", first, serve.stderr()).isTrue();
            var address = new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(contract.group(1)));

            List<Socket> served = new ArrayList<>();
            Socket waiting = null;
            try {
                // connect until one is not answered: it waits in the backlog, the server out of descriptors
                for (int i = 0; i < OPEN_FILES && waiting == null; i++) {
                    Socket s = connect(address);
                    if (echoes(s, Duration.ofMillis(i < 10 ? 5_000 : 500))) {
                        served.add(s);
                    } else {
                        waiting = s;
                    }
                }
                assertThat(waiting).as("a client the server could not accept, within %d connections; stderr: %s",
                        OPEN_FILES, serve.stderr()).isNotNull();
                assertThat(served).as("connections served before the limit").hasSizeGreaterThan(10);

                int failuresBefore = count(serve.stderr());
                long t0 = System.nanoTime();
                assertThat(echoes(served.getFirst(), Duration.ofSeconds(5)))
                        .as("a connection already served is still served").isTrue();
                await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> true);
                double seconds = (System.nanoTime() - t0) / 1e9;
                int failures = count(serve.stderr()) - failuresBefore;
                // 100 ms back-off: about 10 failed accepts a second; a spinning loop makes thousands
                assertThat(failures).as("failed accepts logged in %.1f s (pausing 100 ms after each)", seconds)
                        .isLessThanOrEqualTo((int) (seconds * 10) + 5);

                for (int i = 0; i < 5; i++) {
                    served.removeLast().close();
                }
                Socket late = waiting;
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                        assertThat(echoes(late, Duration.ofSeconds(5))).as("the client that waited is served").isTrue());
            } catch (IOException | AssertionError e) {
                throw new AssertionError(e + "; server's stderr:\n" + serve.stderr(), e);
            } finally {
                for (Socket s : served) {
                    s.close();
                }
                if (waiting != null) {
                    waiting.close();
                }
            }
            assertThat(serve.terminate(30)).as("exit status after SIGTERM; stderr: %s", serve.stderr()).isZero();
        }
    }

    private static Socket connect(InetSocketAddress address) throws IOException {
        Socket s = new Socket();
        s.connect(address, 5_000);
        return s;
    }

    /** Sends a line and says whether it came back within {@code patience}. */
    private static boolean echoes(Socket s, Duration patience) throws IOException {
        s.setSoTimeout((int) patience.toMillis());
        s.getOutputStream().write("ping\n".getBytes(StandardCharsets.US_ASCII));
        InputStream in = s.getInputStream();
        try {
            return "ping\n".equals(new String(in.readNBytes(5), StandardCharsets.US_ASCII));
        } catch (java.net.SocketTimeoutException e) {
            return false;
        }
    }

    private static int count(String text) {
        Matcher m = ACCEPT_FAILED.matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}

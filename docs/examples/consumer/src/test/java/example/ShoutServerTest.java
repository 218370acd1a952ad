package example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.serverpatterns.core.RunningServer;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Talks to the user's protocol over a real socket, as a client of the published patterns would. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ShoutServerTest {

    /** On the class path: the protocol is found through META-INF/services, the pattern by name. */
    @ParameterizedTest
    @ValueSource(strings = {"iterative", "thread-per-client", "virtual-thread-per-client"})
    void servesItsOwnProtocolOnAPatternChosenByName(String pattern) throws IOException {
        try (RunningServer server = ShoutServer.start(pattern, 0)) {
            assertEquals("HELLO, SERVERPATTERNS 25!", shout(server.address().getPort(), "hello, serverpatterns 25!"));
        }
    }

    /**
     * On the module path, in a JVM of its own: the protocol is found through module-info's
     * {@code provides}, and the pattern through patterns-blocking's, which the module system
     * binds because core {@code uses} ServerPattern. A broken published descriptor fails here.
     */
    @Test
    void servesItsOwnProtocolOnTheModulePath() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        String modulePath = System.getProperty("example.classes") + File.pathSeparator
                + System.getProperty("example.runtime.path");
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=dev.serverpatterns.core",
                "--module-path", modulePath, "--module", "dev.serverpatterns.examples.shout/example.ShoutServer",
                "prethreaded-accept"));
        Process server = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            var out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            String banner = out.readLine();
            assertTrue(banner != null && banner.startsWith("serving shout on prethreaded-accept at "),
                    "the server's first line: " + banner);
            int port = Integer.parseInt(banner.substring(banner.lastIndexOf(' ') + 1));
            assertEquals("MODULES", shout(port, "modules"));
            server.getOutputStream().close(); // the server stops when its stdin closes
            assertTrue(server.waitFor(20, TimeUnit.SECONDS), "the server exits once its stdin closes");
            assertEquals(0, server.exitValue());
        } finally {
            server.destroyForcibly();
        }
    }

    /** Sends one line and reads the line that comes back. */
    private static String shout(int port, String line) throws IOException {
        try (var socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write((line + "\n").getBytes(StandardCharsets.US_ASCII));
            var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            return in.readLine();
        }
    }
}

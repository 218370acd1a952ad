package dev.serverpatterns.epoll;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.serverpatterns.core.ServerConfig;
import dev.serverpatterns.core.loop.LoopServer;
import dev.serverpatterns.core.nativeio.NativeSocket;
import dev.serverpatterns.core.nativeio.NativeSockets;
import dev.serverpatterns.testkit.TestClient;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.invoke.MethodHandle;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * When epoll_ctl(2) refuses a connection (ENOMEM, ENOSPC past max_user_watches), that connection
 * is closed and the loop serves the others. Those errors cannot be provoked politely on a shared
 * machine; EPERM can: /dev/null has no poll(), so epoll_ctl ADD refuses its descriptor, through
 * the same code path.
 */
class EpollCtlFailureTest {

    private static final int O_RDONLY = 0;
    private static final int O_CLOEXEC = 0x80000;
    private static final MethodHandle OPEN = NativeSockets.function("open",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));

    static Stream<Arguments> loops() {
        return Stream.of(
                Arguments.of("level-triggered (ADD when the driver first says READ)",
                        (EpollLoop.Factory) EpollFfmServer.LevelTriggered::new),
                Arguments.of("edge-triggered (ADD when the connection is adopted)",
                        (EpollLoop.Factory) EpollFfmEdgeServer.EdgeTriggered::new));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("loops")
    void aConnectionEpollCtlRefusesIsClosedAndTheLoopServesTheOthers(String how, EpollLoop.Factory loops)
            throws Throwable {
        ServerConfig config = ServerConfig.defaults();
        NativeSocket listening = NativeSockets.listen(new InetSocketAddress(config.bindAddress(), 0), config.backlog());
        try (var server = new LoopServer<>("epoll-ctl-failure", config, listening, listening.address(), 1)) {
            EpollLoop loop = loops.create(server);
            server.run(loop, "loop");
            NativeSocket notPollable = new NativeSocket(openDevNull(), listening.address());

            loop.execute(() -> loop.adopt(notPollable, "/dev/null"));

            await().atMost(Duration.ofSeconds(5)).until(() -> !notPollable.isOpen());
            try (TestClient client = TestClient.connect(server.address())) {
                client.write("still serving\n");
                assertThat(new String(client.readExactly(14), StandardCharsets.US_ASCII)).isEqualTo("still serving\n");
            }
        }
    }

    private static int openDevNull() throws Throwable {
        try (Arena arena = Arena.ofConfined()) {
            var state = NativeSockets.callState();
            int fd = (int) OPEN.invokeExact(state, arena.allocateFrom("/dev/null"), O_RDONLY | O_CLOEXEC);
            assertThat(fd).as("open(/dev/null)").isNotNegative();
            return fd;
        }
    }
}

package dev.serverpatterns.epoll;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** What the family does where its transport cannot be used. */
class NettyServerTest {

    @Test
    void anUnavailableTransportRefusesToStartAndSaysWhy() {
        var cause = new UnsatisfiedLinkError("could not load libnetty_transport_native_io_uring42_x86_64.so");
        assertThatThrownBy(() -> NettyServer.requireTransport("netty-io-uring", "io_uring", false, cause))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("netty-io-uring cannot start")
                .hasMessageContaining("io_uring transport is not available here")
                .hasMessageContaining(cause.getMessage())
                .hasCause(cause);
    }
}

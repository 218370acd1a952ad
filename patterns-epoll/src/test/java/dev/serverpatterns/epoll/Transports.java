package dev.serverpatterns.epoll;

import dev.serverpatterns.testkit.SystemTools;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;

/**
 * The native transports a test needs: where one cannot be used here, its tests are reported as
 * skipped with Netty's reason, or fail under {@code -Dserverpatterns.requireTools=true} (CI).
 */
final class Transports {

    private Transports() {
    }

    static void requireEpoll() {
        if (!Epoll.isAvailable()) {
            SystemTools.missing("Netty's epoll transport is not available here: " + Epoll.unavailabilityCause());
        }
    }

    static void requireIoUring() {
        if (!IoUring.isAvailable()) {
            SystemTools.missing("Netty's io_uring transport is not available here: " + IoUring.unavailabilityCause());
        }
    }
}

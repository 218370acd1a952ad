package dev.serverpatterns.core.nativeio;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A non-blocking socket descriptor made through {@link NativeSockets}, seen as a {@link ByteChannel}
 * so that a loop drives it exactly as it drives a java.nio {@code SocketChannel}. {@link #close()}
 * closes the descriptor once, however often it is called: a second close(2) could close a
 * descriptor number that the kernel has already given to another connection.
 */
public final class NativeSocket implements ByteChannel {

    private final int fd;
    private final InetSocketAddress address;
    private final AtomicBoolean open = new AtomicBoolean(true);

    /** @param address the peer's, for a connection; the bound one, for a listening socket */
    public NativeSocket(int fd, InetSocketAddress address) {
        this.fd = fd;
        this.address = address;
    }

    public int fd() {
        return fd;
    }

    public InetSocketAddress address() {
        return address;
    }

    /** Reads into a direct buffer: bytes read, 0 if none are ready, -1 at end of input. */
    @Override
    public int read(ByteBuffer dst) throws IOException {
        long n = NativeSockets.read(fd, MemorySegment.ofBuffer(dst));
        if (n == 0) {
            return -1;
        }
        if (n < 0) {
            return 0;
        }
        dst.position(dst.position() + (int) n);
        return (int) n;
    }

    /** Writes what the kernel takes now; a heap buffer (output the peer could not take before) is copied first. */
    @Override
    public int write(ByteBuffer src) throws IOException {
        long n;
        if (src.isDirect()) {
            n = NativeSockets.send(fd, MemorySegment.ofBuffer(src));
        } else {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment copy = arena.allocate(src.remaining());
                MemorySegment.copy(MemorySegment.ofBuffer(src), 0, copy, 0, src.remaining());
                n = NativeSockets.send(fd, copy);
            }
        }
        src.position(src.position() + (int) n);
        return (int) n;
    }

    @Override
    public boolean isOpen() {
        return open.get();
    }

    @Override
    public void close() {
        if (open.compareAndSet(true, false)) {
            NativeSockets.close(fd);
        }
    }

    @Override
    public String toString() {
        return address.toString();
    }
}

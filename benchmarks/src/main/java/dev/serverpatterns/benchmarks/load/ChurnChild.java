package dev.serverpatterns.benchmarks.load;

import dev.serverpatterns.core.protocols.ByteCountProtocol;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One child of a {@link ChurnLoad}: UNP's client loop, connection after connection. Each one is
 * connect, write {@code BYTES\n}, read exactly BYTES bytes (Stevens' readn loop), close; its
 * latency runs from connect to the last byte, so it includes what the design pays to accept.
 *
 * <p>The reply is checked as it arrives, against the protocol's fill byte, with a vectorized
 * {@link Arrays#mismatch}: an {@code error: ...} line or garbage is reported, not counted.
 */
final class ChurnChild extends LoadWorker {

    private static final int CHUNK = 64 * 1024;
    private static final byte[] EXPECTED = new byte[CHUNK];

    static {
        Arrays.fill(EXPECTED, ByteCountProtocol.FILL);
    }

    private final ChurnLoad load;
    private final byte[] request;
    private final byte[] chunk;
    private long replyCompletedAt;

    ChurnChild(LoadRun run, String name, ChurnLoad load) {
        super(run, name);
        this.load = load;
        this.request = (load.bytes() + "\n").getBytes(StandardCharsets.US_ASCII);
        this.chunk = new byte[Math.min(CHUNK, load.bytes())];
    }

    @Override
    boolean prepare() {
        return true; // each connection is part of what is measured
    }

    @Override
    void work() {
        int perChild = load.connectionsPerChild();
        for (long connection = 1; perChild == ChurnLoad.UNTIL_TIME_LIMIT || connection <= perChild; connection++) {
            long start = System.nanoTime();
            if (!windowOpenAt(start)) {
                return;
            }
            if (exchange(connection)) {
                completed(start, replyCompletedAt);
            } else if (loadRun().deadlinePassed()) {
                return;
            }
        }
    }

    /** One connection; true if it succeeded, with {@link #replyCompletedAt} set. */
    private boolean exchange(long connection) {
        LoadLimits limits = loadRun().limits();
        Socket socket = newSocket();
        try {
            try {
                socket.setTcpNoDelay(true);
                socket.setSoTimeout(limits.readTimeoutMillis());
                socket.connect(load.target(), limits.connectTimeoutMillis());
            } catch (IOException e) {
                return failed(connection, FailureMessages.connectFailed(load.target(), e,
                        limits.connectTimeout(), loadRun().deadlinePassed()));
            }
            try {
                socket.getOutputStream().write(request);
            } catch (IOException e) {
                return failed(connection, FailureMessages.sendFailed(e, loadRun().deadlinePassed()));
            }
            return readReply(connection, socket);
        } finally {
            try {
                socket.close(); // the client closes first, as in UNP: the TIME_WAIT is ours
            } catch (IOException ignored) {
                // nothing left to lose
            }
        }
    }

    private boolean readReply(long connection, Socket socket) {
        int bytes = load.bytes();
        long received = 0;
        try {
            InputStream in = socket.getInputStream();
            while (received < bytes) {
                int n = in.read(chunk, 0, (int) Math.min(chunk.length, bytes - received));
                if (n < 0) {
                    return failed(connection, FailureMessages.closedEarly(received, bytes));
                }
                int differsAt = Arrays.mismatch(chunk, 0, n, EXPECTED, 0, n);
                if (differsAt >= 0) {
                    return failed(connection, FailureMessages.differsQuotingText(received + differsAt, ByteCountProtocol.FILL,
                            chunk, differsAt, n));
                }
                received += n;
            }
            replyCompletedAt = System.nanoTime();
            return true;
        } catch (IOException e) {
            return failed(connection, FailureMessages.receiveFailed(e, received, bytes,
                    loadRun().limits().readTimeout(), loadRun().deadlinePassed()));
        }
    }

    private boolean failed(long connection, String what) {
        fail("connection " + connection + ": " + what);
        return false;
    }
}

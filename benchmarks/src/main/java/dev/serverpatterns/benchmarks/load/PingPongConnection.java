package dev.serverpatterns.benchmarks.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;

/**
 * One connection of a {@link PingPongLoad}: connect before the window, then round trips in a
 * closed loop. The loop allocates nothing: one message buffer and one reply buffer, reused.
 *
 * <p>Each message carries the round trip's sequence number in its first bytes, so a server that
 * echoes a stale or duplicated message is caught, not just one that corrupts a byte.
 */
final class PingPongConnection extends LoadWorker {

    private final PingPongLoad load;
    private final byte[] message;
    private final byte[] reply;
    private final int sequenceBytes;
    private InputStream in;
    private OutputStream out;

    PingPongConnection(LoadRun run, String name, PingPongLoad load) {
        super(run, name);
        this.load = load;
        this.message = new byte[load.size()];
        this.reply = new byte[load.size()];
        this.sequenceBytes = Math.min(Long.BYTES, message.length);
        for (int i = 0; i < message.length; i++) {
            message[i] = (byte) ('a' + i % 26);
        }
    }

    @Override
    boolean prepare() {
        Socket socket = newSocket();
        LoadLimits limits = loadRun().limits();
        try {
            socket.setTcpNoDelay(true);
            // Only a safety net: a round trip may rightly wait the whole window (a serializing
            // server), and the run's deadline closes this socket before this timeout can fire.
            Duration safety = load.duration().plus(limits.grace()).plus(limits.readTimeout());
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, safety.toMillis()));
            socket.connect(load.target(), limits.connectTimeoutMillis());
            in = socket.getInputStream();
            out = socket.getOutputStream();
            return true;
        } catch (IOException e) {
            fail(FailureMessages.connectFailed(load.target(), e, limits.connectTimeout(),
                    loadRun().deadlinePassed()));
            return false;
        }
    }

    @Override
    void work() {
        int size = message.length;
        long sequence = 0;
        long start = System.nanoTime();
        while (windowOpenAt(start)) {
            stamp(++sequence);
            try {
                out.write(message, 0, size);
            } catch (IOException e) {
                fail(FailureMessages.sendFailed(e, loadRun().deadlinePassed()));
                return;
            }
            int received = 0;
            try {
                while (received < size) {
                    int n = in.read(reply, received, size - received);
                    if (n < 0) {
                        fail(shortReply(received));
                        return;
                    }
                    received += n;
                }
            } catch (IOException e) {
                fail(FailureMessages.receiveFailed(e, received, size, loadRun().limits().readTimeout(),
                        loadRun().deadlinePassed()));
                return;
            }
            long end = System.nanoTime();
            int differsAt = Arrays.mismatch(message, 0, size, reply, 0, size);
            if (differsAt >= 0) {
                fail(FailureMessages.differs(differsAt, message[differsAt], reply[differsAt]));
                return;
            }
            completed(start, end);
            start = end;
        }
    }

    private void stamp(long sequence) {
        for (int i = 0; i < sequenceBytes; i++) {
            message[i] = (byte) (sequence >>> (8 * i));
        }
    }

    /** The server closed early: say whether what did arrive was already wrong. */
    private String shortReply(int received) {
        int differsAt = Arrays.mismatch(message, 0, received, reply, 0, received);
        return differsAt >= 0
                ? FailureMessages.differs(differsAt, message[differsAt], reply[differsAt])
                : FailureMessages.closedEarly(received, message.length);
    }
}

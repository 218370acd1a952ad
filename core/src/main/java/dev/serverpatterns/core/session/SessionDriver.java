package dev.serverpatterns.core.session;

import dev.serverpatterns.core.ProtocolSession;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * Drives one connection's {@link ProtocolSession} for any I/O model: a blocking loop, a select
 * or poll loop, a java.nio reactor, a Netty handler, an io_uring completion handler. The caller
 * does the I/O; this class owns the rules, so that no family writes them again:
 * <ul>
 *   <li><b>back-pressure</b>: it does not want input while output is waiting for the peer, or
 *       while the session holds input it cannot take yet (its output is at the cap); it wants
 *       input again once that output has drained;</li>
 *   <li><b>half-close</b>: end of input is passed on after any held input, and the connection
 *       closes once the session's last output is written;</li>
 *   <li><b>finished</b>: a finished session closes once its output is written;</li>
 *   <li><b>protocol failure</b>: a {@link RuntimeException} from the session, or a session that
 *       breaks the progress rule (takes no input, produces nothing, is not finished), closes this
 *       connection only; an {@link Error} is let through, to kill the worker;</li>
 *   <li><b>timers</b>: when input was last received or output last accepted (the idle timeout
 *       covers a peer that stops reading as well as one that stops writing), and when the
 *       session wants to hear that no more input came ({@link ProtocolSession#pendingInputTimeout()}).</li>
 * </ul>
 *
 * <p>Memory: the driver holds no buffer of its own while idle. Reads go into the caller's buffer
 * (an event loop shares one for all its connections); output is produced into the caller's
 * scratch buffer; only what the session could not take, or the peer could not take, is copied
 * and kept here, and dropped once it is consumed.
 *
 * <p>The caller's loop, after each event:
 * <pre>{@code
 * int n = read(shared);                    // only when driver.next() == READ
 * if (n < 0) driver.endOfInput(); else driver.received(shared.flip());
 * driver.flush(scratch, channel::write);   // also when the socket becomes writable
 * switch (driver.next()) { case READ -> ...; case WRITE -> ...; case CLOSE -> close(); }
 * }</pre>
 * Not thread-safe: one caller owns one driver.
 */
public final class SessionDriver {

    /** What the caller should wait for next. */
    public enum Next {
        /** Input: read when readable, and hand it to {@link #received}. */
        READ,
        /** The peer must take output first: call {@link #flush} when writable. */
        WRITE,
        /** Close the connection: the session finished, input ended, or the protocol failed. */
        CLOSE
    }

    /** Where output goes: takes what it can now, and says how much; 0 means "when writable". */
    @FunctionalInterface
    public interface OutputSink {
        /** Writes from {@code src}'s position, advancing it; returns the bytes taken. */
        int write(ByteBuffer src) throws IOException;
    }

    private static final System.Logger LOG = System.getLogger(SessionDriver.class.getName());

    private final ProtocolSession session;
    /** Input the session has not taken yet, in read mode; null when there is none. */
    private ByteBuffer unconsumed;
    /** Output the sink has not taken yet, in read mode; null when there is none. */
    private ByteBuffer unsent;
    private boolean inputEnded;
    private boolean endDelivered;
    private RuntimeException failure;
    private long lastActivity;
    private long lastInput;

    public SessionDriver(ProtocolSession session) {
        this.session = session;
        this.lastActivity = this.lastInput = System.nanoTime();
    }

    /**
     * Hands the session bytes just read, from {@code input}'s position to its limit; all of them
     * are taken (the position ends at the limit), and what the session cannot take yet is kept
     * here. Follow with {@link #flush}.
     */
    public void received(ByteBuffer input) {
        received(input, System.nanoTime());
    }

    /**
     * {@link #received(ByteBuffer)}, with the time read by the caller: a loop that serves a read
     * with this and {@link #flush(ByteBuffer, OutputSink, long)} then reads the clock once, not twice.
     *
     * @param nowNanos {@link System#nanoTime()}, about now
     */
    public void received(ByteBuffer input, long nowNanos) {
        if (!input.hasRemaining()) {
            return;
        }
        lastActivity = lastInput = nowNanos;
        if (failure != null || inputEnded) {
            input.position(input.limit()); // nothing more is served on this connection
            return;
        }
        if (unconsumed != null) { // the caller read while told WRITE: keep it all, in order
            unconsumed = concat(unconsumed, input);
            return;
        }
        offer(input);
        if (input.hasRemaining()) {
            unconsumed = copyOf(input);
        }
    }

    /** The peer shut down its output: no more input will come. Follow with {@link #flush}. */
    public void endOfInput() {
        inputEnded = true;
        deliverEndOfInput();
    }

    /**
     * Moves output to {@code sink}, first what it did not take before, then what the session
     * produces into {@code scratch}; as output drains, gives the session the input it held back.
     * Returns when the sink takes less than it was offered, or there is nothing left to move.
     *
     * @throws IOException from the sink (e.g. the peer reset): the caller closes the connection
     */
    public void flush(ByteBuffer scratch, OutputSink sink) throws IOException {
        flush(scratch, sink, System.nanoTime());
    }

    /**
     * {@link #flush(ByteBuffer, OutputSink)}, with the time read by the caller (the last activity, if
     * output moves); see {@link #received(ByteBuffer, long)}.
     *
     * @param nowNanos {@link System#nanoTime()}, about now
     */
    public void flush(ByteBuffer scratch, OutputSink sink, long nowNanos) throws IOException {
        while (failure == null) {
            if (unsent != null) {
                moved(sink.write(unsent), nowNanos);
                if (unsent.hasRemaining()) {
                    return; // the peer is not reading: wait until writable
                }
                unsent = null;
            } else if (hasSessionOutput()) {
                scratch.clear();
                try {
                    session.produce(scratch);
                } catch (RuntimeException e) {
                    fail(e);
                    return;
                }
                scratch.flip();
                if (!scratch.hasRemaining()) {
                    fail(new IllegalStateException("the protocol has output but produced none"));
                    return;
                }
                moved(sink.write(scratch), nowNanos);
                if (scratch.hasRemaining()) {
                    unsent = copyOf(scratch);
                    return;
                }
            } else if (unconsumed != null) {
                offer(unconsumed);
                if (unconsumed != null && isSessionFinished() && !hasSessionOutput()) {
                    unconsumed.position(unconsumed.limit()); // finished: what follows is never served
                }
                if (unconsumed != null && !unconsumed.hasRemaining()) {
                    unconsumed = null;
                    deliverEndOfInput();
                }
            } else {
                return;
            }
        }
    }

    /** What the caller should wait for next; see {@link Next}. */
    public Next next() {
        if (failure != null) {
            return Next.CLOSE;
        }
        if (unsent != null || hasSessionOutput()) {
            return Next.WRITE;
        }
        if (unconsumed != null) { // cannot happen after flush(): the session either took it or has output
            return Next.WRITE;
        }
        if (inputEnded || isSessionFinished()) {
            return Next.CLOSE;
        }
        return Next.READ;
    }

    /** The protocol's failure that closed this connection, or null. */
    public RuntimeException failure() {
        return failure;
    }

    /** Bytes held for this connection by the driver itself (not the session): for tests and stats. */
    public int heldBytes() {
        return (unconsumed == null ? 0 : unconsumed.remaining()) + (unsent == null ? 0 : unsent.remaining());
    }

    /** Whether neither input arrived nor output was accepted for {@code timeout}, as of {@code nowNanos}. */
    public boolean isIdle(long nowNanos, Duration timeout) {
        return !timeout.isZero() && nowNanos - lastActivity >= timeout.toNanos();
    }

    /** {@link System#nanoTime()} of the last input received or output accepted. */
    public long lastActivity() {
        return lastActivity;
    }

    /**
     * When the session wants to be told that no more input came ({@link System#nanoTime()}), or
     * {@link Long#MAX_VALUE} if it does not.
     */
    public long inputPauseDeadline() {
        if (failure != null || inputEnded || unconsumed != null) {
            return Long.MAX_VALUE;
        }
        Duration wait = session.pendingInputTimeout();
        return wait.isZero() ? Long.MAX_VALUE : lastInput + wait.toNanos();
    }

    /**
     * Tells the session that no input came for its {@link ProtocolSession#pendingInputTimeout()},
     * if that deadline has passed at {@code nowNanos}. Follow with {@link #flush}.
     */
    public void checkInputPause(long nowNanos) {
        long deadline = inputPauseDeadline();
        if (deadline != Long.MAX_VALUE && nowNanos - deadline >= 0) {
            try {
                session.inputPaused();
            } catch (RuntimeException e) {
                fail(e);
            }
        }
    }

    private void offer(ByteBuffer input) {
        int before = input.remaining();
        try {
            session.receive(input);
        } catch (RuntimeException e) {
            fail(e);
            input.position(input.limit());
            return;
        }
        if (input.remaining() == before && !hasSessionOutput()) {
            if (!isSessionFinished()) {
                fail(new IllegalStateException("the protocol consumed no input and produced no output"));
            }
            input.position(input.limit()); // a finished session takes no more: drop what follows
        }
    }

    private void deliverEndOfInput() {
        if (inputEnded && !endDelivered && unconsumed == null && failure == null) {
            endDelivered = true;
            try {
                session.endOfInput();
            } catch (RuntimeException e) {
                fail(e);
            }
        }
    }

    private boolean hasSessionOutput() {
        try {
            return session.hasOutput();
        } catch (RuntimeException e) {
            fail(e);
            return false;
        }
    }

    private boolean isSessionFinished() {
        try {
            return session.isFinished();
        } catch (RuntimeException e) {
            fail(e);
            return true;
        }
    }

    private void moved(int bytes, long nowNanos) {
        if (bytes > 0) {
            lastActivity = nowNanos;
        }
    }

    private void fail(RuntimeException e) {
        if (failure == null) {
            failure = e;
            LOG.log(Level.DEBUG, "protocol failed; closing the connection", e);
        }
        unconsumed = null;
        unsent = null;
    }

    private static ByteBuffer copyOf(ByteBuffer src) {
        ByteBuffer copy = ByteBuffer.allocate(src.remaining());
        copy.put(src).flip();
        return copy;
    }

    private static ByteBuffer concat(ByteBuffer held, ByteBuffer more) {
        ByteBuffer joined = ByteBuffer.allocate(held.remaining() + more.remaining());
        joined.put(held).put(more).flip();
        return joined;
    }
}

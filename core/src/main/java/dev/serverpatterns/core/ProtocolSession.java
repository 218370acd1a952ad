package dev.serverpatterns.core;

import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * One connection's protocol state: bytes in, bytes out, end of input, close.
 *
 * <p>A driver (a blocking loop or an event loop) repeats three steps until the session
 * {@link #isFinished() is finished}:
 * <ol>
 *   <li>while {@link #hasOutput()}: {@link #produce produce} into a buffer and write it to the peer;</li>
 *   <li>hand what it read to {@link #receive}, keeping whatever the session left unconsumed;</li>
 *   <li>on end of stream, call {@link #endOfInput()}.</li>
 * </ol>
 * Memory stays bounded because a session never holds more than its output cap: when its output
 * is full it consumes no more input, and the driver stops reading until the output drains.
 *
 * <p>Time: a session never reads a clock. A protocol whose requests may end without a terminator
 * (csdesign's byte count, {@code 4096} and no newline) says, through
 * {@link #pendingInputTimeout()}, how long it wants to wait for more input; the driver calls
 * {@link #inputPaused()} if none came by then.
 *
 * <p>Progress rule: {@link #receive} consumes at least one byte of a non-empty buffer unless the
 * session has output pending or is finished. Sessions are not thread-safe; one driver owns one.
 */
public interface ProtocolSession {

    /** Consumes what it can of {@code input}, leaving the rest (position advanced past what it took). */
    void receive(ByteBuffer input);

    /** The peer shut down its output (half-close): no more input will come. */
    void endOfInput();

    /** Whether output is waiting to be {@link #produce produced}. */
    boolean hasOutput();

    /** Moves as much pending output as fits into {@code output}. */
    void produce(ByteBuffer output);

    /** True when the connection should be closed once the pending output has been written. */
    boolean isFinished();

    /**
     * How long to wait for more input before calling {@link #inputPaused()}, asked after input
     * was received; {@link Duration#ZERO} (the default) when nothing is pending that the passing
     * of time could complete.
     */
    default Duration pendingInputTimeout() {
        return Duration.ZERO;
    }

    /** No input came for {@link #pendingInputTimeout()}: complete what is pending. */
    default void inputPaused() {
    }
}

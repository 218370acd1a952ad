package dev.serverpatterns.core.protocols;

import dev.serverpatterns.core.Protocol;
import dev.serverpatterns.core.ProtocolSession;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.nio.charset.StandardCharsets;

/**
 * The byte-count workload of UNP ch. 30 and csdesign: the client sends a decimal byte count,
 * the server replies with exactly that many bytes; repeat until the client closes.
 *
 * <p>Wire compatibility with both classic clients: UNP's client sends {@code 4000\n} and reads
 * with a readn loop; csdesign's one-shot client sends {@code 4000} with no newline and waits.
 * TCP may split either across segments ({@code 40}, then {@code 00\n}), so the rule is:
 * <ul>
 *   <li>a newline completes the count before it, however the digits arrived;</li>
 *   <li>a count with no newline yet is complete once no further byte arrives for
 *       {@link #QUIET_PERIOD} (or at once, if the client half-closes); a newline that comes after
 *       such a count is taken as its terminator, not as an empty request.</li>
 * </ul>
 * The rule's one limit: a count whose digits arrive more than {@link #QUIET_PERIOD} apart is read
 * as two requests, newline or not ({@code 40}, a pause, {@code 00\n} is 40 bytes, then an error
 * for the count 0). A split within the quiet period, which is how TCP splits what a client sends at once, is one
 * request.
 *
 * <p>A bad request (a non-digit, zero, a count above {@link #MAX_COUNT}) gets one line
 * {@code error: ...\n} and the connection is closed once that line is sent.
 */
public final class ByteCountProtocol implements Protocol {

    /** Found by {@link java.util.ServiceLoader}; use {@link dev.serverpatterns.core.Protocols#byName}. */
    public ByteCountProtocol() {
    }

    /** The largest count a client may ask for: 16 MiB. */
    public static final long MAX_COUNT = 16L << 20;

    /**
     * How long an unterminated count waits for more digits before it is served: long enough for
     * the rest of a split segment, short enough that csdesign's client is answered promptly.
     */
    public static final Duration QUIET_PERIOD = Duration.ofMillis(20);

    /** The byte every reply is made of; any value would do, a printable one reads well in {@code nc}. */
    public static final byte FILL = 'x';

    private static final ByteBuffer FILLER = ByteBuffer.wrap(repeat(FILL, 16 * 1024)).asReadOnlyBuffer();

    private static final System.Logger LOG = System.getLogger(ByteCountProtocol.class.getName());

    @Override
    public String name() {
        return "bytes";
    }

    @Override
    public String description() {
        return "UNP ch.30 / csdesign: the client sends a decimal count, the server replies with that many bytes";
    }

    @Override
    public ProtocolSession newSession(int outputBufferCap) {
        return new Session();
    }

    private static byte[] repeat(byte b, int n) {
        byte[] bytes = new byte[n];
        java.util.Arrays.fill(bytes, b);
        return bytes;
    }

    private static final class Session implements ProtocolSession {
        private long count;             // the count being parsed
        private int digits;             // how many digits of it have been seen
        private boolean lastUnterminated; // the last request ended at the end of the input, not at '\n'
        private long toSend;            // reply bytes still owed
        private ByteBuffer errorLine;   // set once a request was bad
        private boolean inputEnded;

        @Override
        public void receive(ByteBuffer input) {
            while (input.hasRemaining() && toSend == 0 && errorLine == null) {
                byte b = input.get();
                if (b >= '0' && b <= '9') {
                    count = count * 10 + (b - '0');
                    digits++;
                    lastUnterminated = false;
                    if (count > MAX_COUNT) {
                        fail("count above the maximum of " + MAX_COUNT);
                    }
                } else if (b == '\r') {
                    continue; // CRLF clients
                } else if (b == '\n') {
                    if (digits > 0) {
                        request();
                    } else if (!lastUnterminated) {
                        fail("empty request");
                    }
                    lastUnterminated = false;
                } else {
                    fail("not a decimal byte count (byte " + (b & 0xff) + ")");
                }
            }
        }

        @Override
        public Duration pendingInputTimeout() {
            return digits > 0 && toSend == 0 && errorLine == null ? QUIET_PERIOD : Duration.ZERO;
        }

        @Override
        public void inputPaused() {
            completeUnterminated(); // csdesign: "4000" with no newline, then the client waits
        }

        private void completeUnterminated() {
            if (digits > 0 && toSend == 0 && errorLine == null) {
                request();
                lastUnterminated = true;
            }
        }

        private void request() {
            if (count == 0) {
                fail("the byte count must be at least 1");
                return;
            }
            LOG.log(Level.DEBUG, "request: {0,number,#} bytes", count);
            toSend = count;
            count = 0;
            digits = 0;
        }

        private void fail(String why) {
            LOG.log(Level.DEBUG, "bad request: {0}", why);
            errorLine = ByteBuffer.wrap(("error: " + why + "\n").getBytes(StandardCharsets.US_ASCII));
            toSend = 0;
        }

        @Override
        public void endOfInput() {
            completeUnterminated();
            inputEnded = true;
        }

        @Override
        public boolean hasOutput() {
            return toSend > 0 || (errorLine != null && errorLine.hasRemaining());
        }

        @Override
        public void produce(ByteBuffer output) {
            if (errorLine != null) {
                int n = Math.min(errorLine.remaining(), output.remaining());
                output.put(errorLine.slice(errorLine.position(), n));
                errorLine.position(errorLine.position() + n);
                return;
            }
            while (toSend > 0 && output.hasRemaining()) {
                int n = (int) Math.min(Math.min(toSend, output.remaining()), FILLER.capacity());
                output.put(FILLER.slice(0, n));
                toSend -= n;
            }
        }

        @Override
        public boolean isFinished() {
            return !hasOutput() && (inputEnded || errorLine != null);
        }
    }
}

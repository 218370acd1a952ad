package dev.serverpatterns.benchmarks.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * The words for what went wrong with one operation, so that an error line says which failure
 * it was: {@code server closed the connection after 1200 of 4096 bytes}, {@code reply differs
 * at byte 17}, {@code no reply by the deadline}. Built only on the error path.
 */
final class FailureMessages {

    private static final int SNIPPET = 40;

    private FailureMessages() {
    }

    static String connectFailed(InetSocketAddress target, IOException e) {
        return "connect to " + hostAndPort(target) + " failed: " + e.getMessage();
    }

    static String connectTimedOut(InetSocketAddress target, Duration timeout) {
        return "connect to " + hostAndPort(target) + " timed out after " + human(timeout);
    }

    static String connectCutOff(InetSocketAddress target) {
        return "connect to " + hostAndPort(target) + " not finished by the deadline";
    }

    static String sendFailed(IOException e) {
        return "sending the request failed: " + e.getMessage();
    }

    static String requestCutOff() {
        return "request not sent by the deadline";
    }

    /** A read failed with an exception: a reset, mostly. */
    static String receiveFailed(IOException e, long received, long expected) {
        String progress = received + " of " + expected + " bytes";
        String message = String.valueOf(e.getMessage());
        if (message.toLowerCase(java.util.Locale.ROOT).contains("reset")) {
            return "connection reset by the server after " + progress;
        }
        return "receive failed after " + progress + ": " + message;
    }

    static String noReplyWithin(Duration timeout, long received, long expected) {
        return "no reply within the " + human(timeout) + " read timeout: " + received + " of " + expected
                + " bytes received";
    }

    static String noReplyByTheDeadline(long received, long expected) {
        return "no reply by the deadline: " + received + " of " + expected + " bytes received";
    }

    static String closedEarly(long received, long expected) {
        return "server closed the connection after " + received + " of " + expected + " bytes";
    }

    /** The reply is not what was sent (or asked for) from byte {@code offset} on. */
    static String differs(long offset, byte expected, byte got) {
        return "reply differs at byte " + offset + ": expected " + describe(expected) + ", got " + describe(got);
    }

    /**
     * As {@link #differs(long, byte, byte)}, quoting the reply from {@code reply[at]} on if it is
     * text: a byte-count server that answers with a line ({@code error: ...}) says why.
     */
    static String differsQuotingText(long offset, byte expected, byte[] reply, int at, int end) {
        StringBuilder text = new StringBuilder();
        for (int i = at; i < end && text.length() < SNIPPET; i++) {
            char c = (char) (reply[i] & 0xff);
            if (c < 0x20 || c > 0x7e) {
                break;
            }
            text.append(c);
        }
        return text.length() > 1
                ? "reply differs at byte " + offset + ": expected " + describe(expected) + ", got \"" + text + "\""
                : differs(offset, expected, reply[at]);
    }

    private static String describe(byte b) {
        int v = b & 0xff;
        return v >= 0x20 && v <= 0x7e ? String.format("'%c' (0x%02x)", (char) v, v) : String.format("0x%02x", v);
    }

    /** {@code 127.0.0.1:2000}: the address connected to, as an IP, whatever name it was given by. */
    static String hostAndPort(InetSocketAddress address) {
        String host = address.isUnresolved() ? address.getHostString() : address.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    static String human(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
    }
}

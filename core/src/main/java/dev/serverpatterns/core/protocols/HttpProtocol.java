package dev.serverpatterns.core.protocols;

import dev.serverpatterns.core.Protocol;
import dev.serverpatterns.core.ProtocolSession;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1, just enough for the world's own clients ({@code curl}, {@code wrk}, a browser) to
 * drive every pattern: {@code GET} or {@code HEAD} of {@code /} answers {@code 200 OK} with the
 * short text {@link #BODY}; any other path is {@code 404}; any other method {@code 405} with
 * {@code Allow: GET, HEAD}. A request body announced by {@code Content-Length} is read and
 * discarded. Connections are kept alive by default for HTTP/1.1 ({@code Connection: close} is
 * honoured) and closed after each response for HTTP/1.0 unless it asks for
 * {@code Connection: keep-alive}; pipelined requests are answered in order.
 *
 * <p>Bad input is answered with its status and a close, never a hang or unbounded memory: a
 * malformed request line or header is {@code 400}; a request line over {@link #MAX_REQUEST_LINE}
 * is {@code 414}; header fields over {@link #MAX_HEADERS} in all are {@code 431};
 * {@code Transfer-Encoding} (chunked request bodies) is {@code 501}, because without it the body
 * cannot be framed. A session holds at most one line of the request head, so its memory is
 * bounded by the caps, whatever a peer sends. Deliberately left out: a {@code Date} header (a
 * session never reads a clock, and RFC 9110 lets a server without one omit it), and the
 * {@code Host} check of RFC 9112 (a learner typing a request into {@code nc} gets an answer).
 *
 * <p>Why it lives in core and not in a module of its own: like {@code echo} and {@code bytes} it
 * is a protocol every pattern can serve, found by name ({@code --protocol http}) through the
 * {@code ServiceLoader} registration core already has; it needs nothing beyond the JDK, so a
 * module would add a dependency to every runner and benchmark and buy nothing.
 *
 * <p>{@code --work} (simulated work) applies per request: the session stops taking input at the
 * end of each request until its response is out, so each pipelined request is handed to it, and
 * slept before, in a {@code receive} of its own.
 */
public final class HttpProtocol implements Protocol {

    /** Found by {@link java.util.ServiceLoader}; use {@link dev.serverpatterns.core.Protocols#byName}. */
    public HttpProtocol() {
    }

    /** The body of every {@code 200 OK}. */
    public static final String BODY = "hello from serverpatterns\n";

    /** The longest request line accepted, without its line end: 8 KiB, as nginx's default buffer. */
    public static final int MAX_REQUEST_LINE = 8 * 1024;

    /** The most bytes of header fields accepted, line ends and the closing empty line included: 8 KiB. */
    public static final int MAX_HEADERS = 8 * 1024;

    @Override
    public String name() {
        return "http";
    }

    @Override
    public String description() {
        return "HTTP/1.1: GET / answers 200 with a short text, for curl, wrk and browsers";
    }

    @Override
    public ProtocolSession newSession(int outputBufferCap) {
        return new Session(); // a response is at most a few hundred bytes, far below any cap
    }

    /** Every response this protocol sends, made once: a request costs no formatting. */
    enum Status {
        OK(200, "OK", BODY),
        BAD_REQUEST(400, "Bad Request", "bad request\n"),
        NOT_FOUND(404, "Not Found", "not found\n"),
        METHOD_NOT_ALLOWED(405, "Method Not Allowed", "only GET and HEAD are allowed\n"),
        URI_TOO_LONG(414, "URI Too Long", "request line too long\n"),
        HEADERS_TOO_LARGE(431, "Request Header Fields Too Large", "request header fields too large\n"),
        NOT_IMPLEMENTED(501, "Not Implemented", "request bodies with a Transfer-Encoding are not implemented\n");

        final int code;
        /** Indexed by {@link #index}: with or without the body, and the {@code Connection} header. */
        private final byte[][] responses = new byte[6][];

        Status(int code, String reason, String body) {
            this.code = code;
            String[] connection = {"", "Connection: keep-alive\r\n", "Connection: close\r\n"};
            for (int head = 0; head < 2; head++) {
                for (int c = 0; c < 3; c++) {
                    String response = "HTTP/1.1 " + code + " " + reason + "\r\n"
                            + "Content-Type: text/plain\r\n"
                            + "Content-Length: " + body.length() + "\r\n"
                            + (code == 405 ? "Allow: GET, HEAD\r\n" : "")
                            + connection[c]
                            + "\r\n"
                            + (head == 1 ? "" : body);
                    responses[index(head == 1, c)] = response.getBytes(StandardCharsets.US_ASCII);
                }
            }
        }

        private static int index(boolean head, int connection) {
            return (head ? 3 : 0) + connection;
        }

        /** The bytes of this response; {@code connection}: 0 no header, 1 keep-alive, 2 close. */
        byte[] response(boolean head, int connection) {
            return responses[index(head, connection)];
        }
    }

    private enum State { REQUEST_LINE, HEADERS, BODY }

    /** A line buffer no larger than this is kept between requests; a larger one is given back. */
    private static final int KEPT_LINE = 1024;

    private static final class Session implements ProtocolSession {
        private State state = State.REQUEST_LINE;
        /** The line being read when a read ended inside it; null until one did. */
        private byte[] line;
        private ByteBuffer lineView;
        private int lineLength;
        private int headerBytes;

        // The request being read.
        private boolean head;
        private Status status;
        private boolean http10;
        private boolean asksClose;
        private boolean asksKeepAlive;
        private long contentLength = -1;
        private boolean transferEncoding;
        private long bodyLeft;

        // The response being sent.
        private byte[] response;
        private int sent;
        private boolean closeAfterResponse;
        private boolean inputEnded;

        @Override
        public void receive(ByteBuffer input) {
            while (input.hasRemaining() && response == null && !closeAfterResponse) {
                if (state == State.BODY) {
                    int n = (int) Math.min(bodyLeft, input.remaining());
                    input.position(input.position() + n); // read and discarded
                    bodyLeft -= n;
                    if (bodyLeft == 0) {
                        respond();
                    }
                } else {
                    readLine(input);
                }
            }
        }

        /** Takes input up to and including the next {@code \n}, within the caps. */
        private void readLine(ByteBuffer input) {
            int from = input.position();
            int end = from;
            boolean ended = false;
            while (end < input.limit()) {
                if (input.get(end++) == '\n') {
                    ended = true;
                    break;
                }
            }
            int n = end - from;
            if (state == State.REQUEST_LINE && lineLength + n > MAX_REQUEST_LINE + 2) {
                fail(Status.URI_TOO_LONG);
                return;
            }
            if (state == State.HEADERS && headerBytes + n > MAX_HEADERS) {
                fail(Status.HEADERS_TOO_LARGE);
                return;
            }
            if (state == State.HEADERS) {
                headerBytes += n;
            }
            input.position(end);
            if (ended && lineLength == 0) {
                lineEnded(input, from, end); // the usual case: the whole line is in this read
                return;
            }
            hold(input, from, n);
            if (ended) {
                int length = lineLength;
                lineLength = 0;
                lineEnded(lineView, 0, length);
            }
        }

        /** Keeps part of a line that a read split, growing the buffer up to the cap. */
        private void hold(ByteBuffer input, int from, int n) {
            int needed = lineLength + n;
            if (line == null || line.length < needed) {
                int grown = Math.max(needed, line == null ? 256 : 2 * line.length);
                byte[] bigger = new byte[Math.min(grown, Math.max(MAX_REQUEST_LINE + 2, MAX_HEADERS))];
                if (line != null) {
                    System.arraycopy(line, 0, bigger, 0, lineLength);
                }
                line = bigger;
                lineView = ByteBuffer.wrap(line);
            }
            input.get(from, line, lineLength, n);
            lineLength += n;
        }

        /** A line from {@code from} to {@code end} of {@code src}, its {@code \n} included. */
        private void lineEnded(ByteBuffer src, int from, int end) {
            end--; // the \n
            if (end > from && src.get(end - 1) == '\r') {
                end--;
            }
            if (state == State.REQUEST_LINE) {
                if (end == from) {
                    return; // RFC 9112: an empty line before a request line is ignored
                }
                if (end - from > MAX_REQUEST_LINE) {
                    fail(Status.URI_TOO_LONG);
                } else {
                    requestLine(src, from, end);
                }
            } else if (end == from) {
                headersEnded();
            } else {
                header(src, from, end);
            }
        }

        /** {@code METHOD SP target SP HTTP/1.x}; anything else is a 400. */
        private void requestLine(ByteBuffer src, int from, int end) {
            int sp1 = indexOf(src, from, end, (byte) ' ');
            int sp2 = sp1 < 0 ? -1 : indexOf(src, sp1 + 1, end, (byte) ' ');
            if (sp1 <= from || sp2 <= sp1 + 1 || indexOf(src, sp2 + 1, end, (byte) ' ') >= 0
                    || !isToken(src, from, sp1) || !isVisible(src, sp1 + 1, sp2)
                    || end - sp2 - 1 != 8 || !startsWith(src, sp2 + 1, "HTTP/1.", false)
                    || !isDigit(src.get(end - 1))) {
                fail(Status.BAD_REQUEST);
                return;
            }
            http10 = src.get(end - 1) == '0';
            head = is(src, from, sp1, "HEAD", false);
            boolean get = is(src, from, sp1, "GET", false);
            int query = indexOf(src, sp1 + 1, sp2, (byte) '?');
            int pathEnd = query < 0 ? sp2 : query;
            if (!head && !get) {
                status = Status.METHOD_NOT_ALLOWED;
            } else {
                status = is(src, sp1 + 1, pathEnd, "/", false) ? Status.OK : Status.NOT_FOUND;
            }
            state = State.HEADERS;
            headerBytes = 0;
        }

        /** {@code name: value}; only the fields that frame the message or the connection are read. */
        private void header(ByteBuffer src, int from, int end) {
            int colon = indexOf(src, from, end, (byte) ':');
            if (colon <= from || !isToken(src, from, colon)) {
                fail(Status.BAD_REQUEST); // also an obsolete folded line, which starts with a space
                return;
            }
            int v = colon + 1;
            int ve = end;
            while (v < ve && isSpace(src.get(v))) {
                v++;
            }
            while (ve > v && isSpace(src.get(ve - 1))) {
                ve--;
            }
            if (is(src, from, colon, "content-length", true)) {
                long length = parseLength(src, v, ve);
                if (length < 0 || (contentLength >= 0 && contentLength != length)) {
                    fail(Status.BAD_REQUEST);
                    return;
                }
                contentLength = length;
            } else if (is(src, from, colon, "transfer-encoding", true)) {
                transferEncoding = true;
            } else if (is(src, from, colon, "connection", true)) {
                for (int t = v; t < ve; ) {
                    int comma = indexOf(src, t, ve, (byte) ',');
                    int te = comma < 0 ? ve : comma;
                    int ts = t;
                    int tEnd = te;
                    while (ts < tEnd && isSpace(src.get(ts))) {
                        ts++;
                    }
                    while (tEnd > ts && isSpace(src.get(tEnd - 1))) {
                        tEnd--;
                    }
                    asksClose |= is(src, ts, tEnd, "close", true);
                    asksKeepAlive |= is(src, ts, tEnd, "keep-alive", true);
                    t = te + 1;
                }
            }
        }

        private void headersEnded() {
            if (transferEncoding) {
                fail(Status.NOT_IMPLEMENTED);
                return;
            }
            bodyLeft = Math.max(0, contentLength);
            if (bodyLeft > 0) {
                state = State.BODY;
            } else {
                respond();
            }
        }

        /** The request is complete: its response is queued and the next request starts fresh. */
        private void respond() {
            boolean keepAlive = http10 ? asksKeepAlive && !asksClose : !asksClose;
            int connection = !keepAlive ? 2 : http10 ? 1 : 0;
            response = status.response(head, connection);
            sent = 0;
            closeAfterResponse = !keepAlive;
            state = State.REQUEST_LINE;
            head = false;
            status = null;
            http10 = false;
            asksClose = false;
            asksKeepAlive = false;
            contentLength = -1;
            transferEncoding = false;
            if (line != null && line.length > KEPT_LINE) {
                line = null; // a long request's buffer is not kept on a connection that waits
                lineView = null;
            }
        }

        /** Bad input: its status, then the connection closes; nothing after it is read. */
        private void fail(Status error) {
            response = error.response(head, 2);
            sent = 0;
            closeAfterResponse = true;
            line = null;
            lineView = null;
        }

        @Override
        public void endOfInput() {
            inputEnded = true; // a request cut short is dropped: there is nobody to answer it
        }

        @Override
        public boolean hasOutput() {
            return response != null;
        }

        @Override
        public void produce(ByteBuffer output) {
            if (response == null) {
                return;
            }
            int n = Math.min(response.length - sent, output.remaining());
            output.put(response, sent, n);
            sent += n;
            if (sent == response.length) {
                response = null;
            }
        }

        @Override
        public boolean isFinished() {
            return response == null && (closeAfterResponse || inputEnded);
        }
    }

    // Byte helpers: the head is parsed where it lies, in the read buffer or the held line, without Strings.

    private static int indexOf(ByteBuffer src, int from, int end, byte b) {
        for (int i = from; i < end; i++) {
            if (src.get(i) == b) {
                return i;
            }
        }
        return -1;
    }

    private static boolean is(ByteBuffer src, int from, int end, String ascii, boolean ignoreCase) {
        return end - from == ascii.length() && startsWith(src, from, ascii, ignoreCase);
    }

    private static boolean startsWith(ByteBuffer src, int from, String ascii, boolean ignoreCase) {
        if (from + ascii.length() > src.limit()) {
            return false;
        }
        for (int i = 0; i < ascii.length(); i++) {
            int b = src.get(from + i);
            int c = ascii.charAt(i);
            if (b != c && !(ignoreCase && (b | 0x20) == c && c >= 'a' && c <= 'z')) {
                return false;
            }
        }
        return true;
    }

    /** RFC 9110 {@code token}: a method or a field name. */
    private static boolean isToken(ByteBuffer src, int from, int end) {
        for (int i = from; i < end; i++) {
            int b = src.get(i);
            boolean ok = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || isDigit((byte) b)
                    || "!#$%&'*+-.^_`|~".indexOf(b) >= 0;
            if (!ok) {
                return false;
            }
        }
        return end > from;
    }

    /** A request target: visible ASCII, no spaces or controls. */
    private static boolean isVisible(ByteBuffer src, int from, int end) {
        for (int i = from; i < end; i++) {
            int b = src.get(i);
            if (b < 0x21 || b > 0x7e) {
                return false;
            }
        }
        return end > from;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t';
    }

    /** A {@code Content-Length} value, or -1 if it is not 1 to 18 digits. */
    private static long parseLength(ByteBuffer src, int from, int end) {
        if (end <= from || end - from > 18) {
            return -1;
        }
        long n = 0;
        for (int i = from; i < end; i++) {
            byte b = src.get(i);
            if (!isDigit(b)) {
                return -1;
            }
            n = n * 10 + (b - '0');
        }
        return n;
    }
}

package dev.serverpatterns.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A blocking test client with timeouts on everything, so that a broken server fails a test
 * instead of hanging it. Errors say what was expected and what came.
 */
public final class TestClient implements AutoCloseable {

    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration READ_TIMEOUT = Duration.ofSeconds(20);

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private TestClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    public static TestClient connect(InetSocketAddress address) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(address, (int) CONNECT_TIMEOUT.toMillis());
            socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
            return new TestClient(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    public Socket socket() {
        return socket;
    }

    public TestClient write(byte[] bytes) throws IOException {
        out.write(bytes);
        return this;
    }

    public TestClient write(String ascii) throws IOException {
        return write(ascii.getBytes(StandardCharsets.US_ASCII));
    }

    /** Reads exactly {@code n} bytes (UNP's readn), or fails saying how many came. */
    public byte[] readExactly(int n) throws IOException {
        byte[] bytes = new byte[n];
        int got = 0;
        while (got < n) {
            int r = in.read(bytes, got, n - got);
            if (r < 0) {
                throw new IOException("server closed the connection after " + got + " of " + n + " bytes");
            }
            got += r;
        }
        return bytes;
    }

    /** Reads one line, without its {@code \n}, or fails if the server closes first. */
    public String readLine() throws IOException {
        var line = new StringBuilder();
        for (int b; (b = in.read()) != '\n'; ) {
            if (b < 0) {
                throw new IOException("server closed the connection in the middle of a line: '" + line + "'");
            }
            line.append((char) b);
        }
        return line.toString();
    }

    /** Round trip: writes the message and reads back exactly as many bytes. */
    public String echo(String message) throws IOException {
        write(message);
        return new String(readExactly(message.length()), StandardCharsets.US_ASCII);
    }

    /** How the server ended a connection, and what it sent before. */
    public record Ending(byte[] bytes, boolean reset) {
    }

    /**
     * Reads until the server ends the connection, with a FIN (end of stream) or a reset, and
     * says which. Fails if the server neither closes nor stops sending within {@code within}.
     */
    public Ending readUntilClosed(Duration within) throws IOException {
        socket.setSoTimeout((int) within.toMillis());
        var all = new java.io.ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        try {
            for (int r; (r = in.read(buffer)) >= 0; ) {
                all.write(buffer, 0, r);
            }
            return new Ending(all.toByteArray(), false);
        } catch (SocketTimeoutException e) {
            throw new IOException("the server did not close the connection within " + within
                    + " (received " + all.size() + " bytes)", e);
        } catch (SocketException reset) { // "Connection reset": the server closed with our bytes unread
            return new Ending(all.toByteArray(), true);
        } finally {
            if (!socket.isClosed()) {
                socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
            }
        }
    }

    /**
     * Reads until the server closes the connection cleanly (FIN) and returns what came before;
     * fails on a reset, which is not a clean close, or if the server does not close within
     * {@code within}.
     */
    public byte[] readToEnd(Duration within) throws IOException {
        Ending end = readUntilClosed(within);
        if (end.reset()) {
            throw new IOException("the server reset the connection (after " + end.bytes().length
                    + " bytes) instead of closing it cleanly");
        }
        return end.bytes();
    }

    public void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    /** Closes with SO_LINGER 0: the kernel sends RST instead of FIN. */
    public void reset() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

package dev.serverpatterns.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;

/**
 * Drives one connection's {@link ProtocolSession} over a blocking {@link Socket}, on the
 * calling thread, until the session finishes, the peer goes away or the idle timeout fires.
 * Every blocking pattern serves its connections with this one loop; what differs between them
 * is only which thread calls it.
 *
 * <p>The loop: write all pending output (a blocking write, so a client that does not read
 * parks this thread instead of growing a buffer); read when nothing is left over; hand the
 * bytes to the session. A {@link RuntimeException} from the protocol closes this connection
 * only. An {@link Error} is let through on purpose: it kills the worker, which is how the
 * contract kit tests that a supervisor replaces it.
 */
public final class BlockingConnection {

    private static final System.Logger LOG = System.getLogger(BlockingConnection.class.getName());
    private static final int MAX_CHUNK = 16 * 1024;

    private BlockingConnection() {
    }

    /** Serves an {@link Connections#admit admitted} socket, then closes and releases it. */
    public static void serve(Socket socket, ServerConfig config, Connections connections) {
        var peer = socket.getRemoteSocketAddress();
        try (socket) {
            LOG.log(Level.DEBUG, "connected by {0}", peer);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout((int) config.idleTimeout().toMillis());
            drive(config.newSession(), socket.getInputStream(), socket.getOutputStream(),
                    Math.min(config.outputBufferCap(), MAX_CHUNK), connections);
        } catch (SocketTimeoutException e) {
            LOG.log(Level.DEBUG, "{0}: idle for {1}, closing", peer, config.idleTimeout());
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "{0}: {1}", peer, e.toString());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "protocol failed on a connection from " + peer + "; closing it", e);
        } finally {
            connections.release(socket);
            LOG.log(Level.DEBUG, "closed {0}", peer);
        }
    }

    private static void drive(ProtocolSession session, InputStream in, OutputStream out, int chunk,
                              Connections connections) throws IOException {
        ByteBuffer received = ByteBuffer.allocate(chunk); // write mode: position = bytes not yet consumed
        ByteBuffer toSend = ByteBuffer.allocate(chunk);
        boolean inputEnded = false;
        while (true) {
            while (session.hasOutput()) {
                toSend.clear();
                session.produce(toSend);
                out.write(toSend.array(), 0, toSend.position());
                connections.countOut(toSend.position());
            }
            if (session.isFinished() || inputEnded) {
                return;
            }
            if (received.position() == 0) {
                int n = in.read(received.array(), 0, received.capacity());
                if (n < 0) {
                    session.endOfInput();
                    inputEnded = true;
                    continue;
                }
                received.position(n);
                connections.countIn(n);
            }
            received.flip();
            int before = received.remaining();
            session.receive(received);
            if (received.remaining() == before && !session.hasOutput() && !session.isFinished()) {
                throw new IllegalStateException("the protocol consumed no input and produced no output");
            }
            received.compact();
        }
    }
}

package dev.serverpatterns.benchmarks.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A tiny, deliberately misbehaving server for the tests: a loopback {@link ServerSocket} on an
 * ephemeral port whose every connection gets the same {@link Behavior}, on its own thread. It is
 * how the tests make a server reply short, reply garbage or never reply, which no real pattern does.
 */
final class FakeServer implements AutoCloseable {

    /** What the server does with each connection; the socket is closed afterwards. */
    @FunctionalInterface
    interface Behavior {
        void serve(Socket client) throws IOException;
    }

    private final ServerSocket listener;
    private final Set<Socket> clients = ConcurrentHashMap.newKeySet();

    FakeServer(Behavior behavior) throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("fake-server-acceptor").start(() -> {
            while (!listener.isClosed()) {
                try {
                    Socket client = listener.accept();
                    clients.add(client);
                    Thread.ofVirtual().name("fake-server-client").start(() -> {
                        try (client) {
                            behavior.serve(client);
                        } catch (IOException e) {
                            // the client went away, or close() closed it: either ends this connection
                        } finally {
                            clients.remove(client);
                        }
                    });
                } catch (IOException e) {
                    return; // closed
                }
            }
        });
    }

    InetSocketAddress address() {
        return (InetSocketAddress) listener.getLocalSocketAddress();
    }

    /** Reads up to and including a newline: a byte-count request. */
    static String readLine(Socket client) throws IOException {
        InputStream in = client.getInputStream();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            line.write(b);
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    static byte[] readExactly(Socket client, int n) throws IOException {
        return client.getInputStream().readNBytes(n);
    }

    /** Blocks until the client closes: a server that accepted and never answers. */
    static void neverAnswer(Socket client) throws IOException {
        client.getInputStream().transferTo(OutputStream.nullOutputStream());
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket client : clients) {
            client.close();
        }
    }
}

package dev.serverpatterns.testkit;

import static dev.serverpatterns.core.WorkerModel.Worker.THREAD;

import dev.serverpatterns.core.Connections;
import dev.serverpatterns.core.RunningServer;
import dev.serverpatterns.core.ServerConfig;
import dev.serverpatterns.core.ServerPattern;
import dev.serverpatterns.core.ServerStats;
import dev.serverpatterns.core.WorkerModel;
import dev.serverpatterns.core.blocking.BlockingServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * Patterns broken on purpose, one bug each, for the kit's self-test
 * ({@link ContractKitCatchesBrokenPatternsTest}): every promise of {@link ServerPatternContract}
 * must reject the one built to break it. Most are the thread-per-client design with one thing
 * changed; the diff from a correct server is the bug.
 */
final class BrokenPatterns {

    private BrokenPatterns() {
    }

    /** Starts a broken server. */
    @FunctionalInterface
    interface Starter {
        RunningServer start(String name, ServerConfig config) throws IOException;
    }

    /** A pattern made of a name, the model it declares, and how it starts. */
    record Broken(String name, String description, WorkerModel workerModel, Starter starter) implements ServerPattern {
        @Override
        public RunningServer start(ServerConfig config) throws IOException {
            return starter.start(name, config);
        }
    }

    private static final WorkerModel THREAD_PER_CONNECTION = WorkerModel.perConnection(THREAD);

    /** The correct thread-per-client design: the base that most broken patterns change in one place. */
    static BlockingServer threadPerClient(String name, ServerConfig config) throws IOException {
        BlockingServer server = BlockingServer.listen(name, config, 1);
        server.startThread("acceptor", () -> {
            Socket client;
            long clients = 0;
            while ((client = server.accept()) != null) {
                Socket accepted = client;
                server.startThread("client-" + ++clients, () -> server.serve(accepted, 0));
            }
        });
        return server;
    }

    /** Serves {@code to} whenever the config asks for {@code from}. */
    private static ServerConfig swapped(ServerConfig config, String from, String to) {
        return config.protocol().equals(from) ? config.toBuilder().protocol(to).build() : config;
    }

    /** A raw per-connection body, for the bugs that live in the I/O loop itself. */
    @FunctionalInterface
    interface RawConnection {
        void serve(Socket socket, BlockingServer server) throws IOException;
    }

    /** Thread per client with a hand-written connection loop in place of the shared one. */
    private static BlockingServer rawThreadPerClient(String name, ServerConfig config, RawConnection body)
            throws IOException {
        BlockingServer server = BlockingServer.listen(name, config, 1);
        server.startThread("acceptor", () -> {
            Socket client;
            long clients = 0;
            while ((client = server.accept()) != null) {
                Socket socket = client;
                server.connections().countServedBy(0);
                server.startThread("client-" + ++clients, () -> {
                    try {
                        body.serve(socket, server);
                    } catch (IOException e) {
                        // connection over
                    } finally {
                        server.connections().release(socket);
                    }
                });
            }
        });
        return server;
    }

    /** A plain echo loop over one socket, writing through {@code lock} (or none). */
    private static void echo(Socket socket, BlockingServer server, Object lock) throws IOException {
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        byte[] buffer = new byte[16 * 1024];
        for (int n; (n = in.read(buffer)) > 0; ) {
            server.connections().countIn(n);
            if (lock == null) {
                out.write(buffer, 0, n);
            } else {
                synchronized (lock) {
                    out.write(buffer, 0, n);
                }
            }
            server.connections().countOut(n);
        }
    }

    // One broken pattern per promise --------------------------------------------------------------

    /** 1: corrupts one byte of a long echo. */
    static final ServerPattern CORRUPTS_LONG_ECHOES = new Broken("corrupts-long-echoes",
            "flips one byte after 300,000 echoed", THREAD_PER_CONNECTION,
            (name, config) -> threadPerClient(name, swapped(config, "echo", BrokenProtocols.CorruptingEcho.NAME)));

    /** 2 and 3: declares a thread per client, but serves one client at a time (an iterative loop). */
    static final ServerPattern SERIALIZES_BY_MISTAKE = new Broken("serializes-by-mistake",
            "declares a thread per connection, serves one at a time", THREAD_PER_CONNECTION, (name, config) -> {
                BlockingServer server = BlockingServer.listen(name, config, 1);
                server.startThread("main", () -> {
                    Socket client;
                    while ((client = server.accept()) != null) {
                        server.serve(client, 0);
                    }
                });
                return server;
            });

    /** 4: replies with the right number of the wrong bytes. */
    static final ServerPattern WRONG_FILL = new Broken("wrong-fill", "byte count replies with 'y'",
            THREAD_PER_CONNECTION,
            (name, config) -> threadPerClient(name, swapped(config, "bytes", BrokenProtocols.WrongFillBytes.NAME)));

    /** 4: serves a count wherever a read ends, so a count split by TCP is two requests. */
    static final ServerPattern SPLIT_BLIND = new Broken("split-blind", "byte count blind to TCP splits",
            THREAD_PER_CONNECTION,
            (name, config) -> threadPerClient(name, swapped(config, "bytes", BrokenProtocols.SplitBlindBytes.NAME)));

    /** 17: serves http, but closes the connection after each response, kept alive or not. */
    static final ServerPattern CLOSES_KEPT_ALIVE = new Broken("closes-kept-alive", "http that ignores keep-alive",
            THREAD_PER_CONNECTION,
            (name, config) -> threadPerClient(name, swapped(config, "http", BrokenProtocols.ClosingHttp.NAME)));

    /** 5: at end of input it keeps the connection open instead of closing it. */
    static final ServerPattern NEVER_CLOSES_AFTER_HALF_CLOSE = new Broken("never-closes-after-half-close",
            "echoes, but at end of input waits instead of closing", THREAD_PER_CONNECTION,
            (name, config) -> rawThreadPerClient(name, config, (socket, server) -> {
                echo(socket, server, null);
                while (server.isOpen() && !socket.isClosed()) {
                    LockSupport.parkNanos(Duration.ofMillis(10).toNanos()); // waits for a close that is ours to do
                }
            }));

    /** 6: one thread accepts and serves; a reset's IOException ends that thread, and the server with it. */
    static final ServerPattern DIES_ON_RESET = new Broken("dies-on-reset",
            "its only thread ends on a client's reset", WorkerModel.oneAtATime(), (name, config) -> {
                BlockingServer server = BlockingServer.listen(name, config, 1);
                server.startThread("main", () -> {
                    Socket client;
                    while ((client = server.accept()) != null) {
                        try {
                            echo(client, server, null);
                            server.connections().release(client);
                        } catch (IOException e) {
                            return; // the bug: an I/O error of one client ends the server's only thread
                        }
                    }
                });
                return server;
            });

    /** 7: a reader thread and a writer thread joined by an unbounded queue (reads ahead without bound). */
    static final ServerPattern UNBOUNDED_BUFFER = new Broken("unbounded-buffer",
            "reads ahead into an unbounded queue", THREAD_PER_CONNECTION, (name, config) -> {
                BlockingServer server = BlockingServer.listen(name, config, 1);
                server.startThread("acceptor", () -> {
                    Socket client;
                    while ((client = server.accept()) != null) {
                        var queue = new LinkedBlockingQueue<byte[]>();
                        Socket socket = client;
                        server.startThread("reader", () -> readAll(socket, queue, server));
                        server.startThread("writer", () -> writeAll(socket, queue, server));
                    }
                });
                return server;
            });

    private static void readAll(Socket socket, LinkedBlockingQueue<byte[]> queue, BlockingServer server) {
        try (InputStream in = socket.getInputStream()) {
            byte[] buffer = new byte[16 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                queue.add(Arrays.copyOf(buffer, n));
                server.connections().countIn(n);
            }
        } catch (IOException e) {
            // connection over
        }
    }

    private static void writeAll(Socket socket, LinkedBlockingQueue<byte[]> queue, BlockingServer server) {
        try (OutputStream out = socket.getOutputStream()) {
            while (!socket.isClosed()) {
                byte[] bytes = queue.take();
                out.write(bytes);
                server.connections().countOut(bytes.length);
            }
        } catch (IOException | InterruptedException e) {
            // connection over
        }
    }

    /** 8: closes each connection the idle timeout after it was accepted, active or not. */
    static final ServerPattern IDLE_TIMER_FROM_ACCEPT = new Broken("idle-timer-from-accept",
            "times connections out from accept, not from their last activity", THREAD_PER_CONNECTION,
            (name, config) -> {
                Duration idle = config.idleTimeout();
                BlockingServer server = BlockingServer.listen(name, config.toBuilder().idleTimeout(Duration.ZERO).build(), 1);
                server.startThread("acceptor", () -> {
                    Socket client;
                    while ((client = server.accept()) != null) {
                        Socket accepted = client;
                        server.startThread("client", () -> server.serve(accepted, 0));
                        server.startVirtualThread("timer", () -> {
                            LockSupport.parkNanos(idle.toNanos());
                            Connections.closeQuietly(accepted);
                        });
                    }
                });
                return server;
            });

    /** 9: ignores the max-connections limit. */
    static final ServerPattern IGNORES_MAX_CONNECTIONS = new Broken("ignores-max-connections",
            "admits any number of connections", THREAD_PER_CONNECTION,
            (name, config) -> threadPerClient(name, config.toBuilder().maxConnections(100_000).build()));

    /** 10: close() returns having closed nothing (it really closes 20 s later, so the test JVM is not left a server). */
    static final ServerPattern CLOSE_DOES_NOTHING = new Broken("close-does-nothing",
            "its close() forgets to close anything", THREAD_PER_CONNECTION, (name, config) -> {
                BlockingServer server = threadPerClient(name, config);
                return new Forwarding(server) {
                    @Override
                    public void close() {
                        Thread.ofVirtual().start(() -> {
                            LockSupport.parkNanos(Duration.ofSeconds(20).toNanos());
                            server.close();
                        });
                    }
                };
            });

    /** 10: starts a virtual thread that ignores interrupts (it ends by itself later, not to leak for good). */
    static final ServerPattern LEAKS_A_VIRTUAL_THREAD = new Broken("leaks-a-virtual-thread",
            "a virtual thread of it outlives close()", THREAD_PER_CONNECTION, (name, config) -> {
                BlockingServer server = threadPerClient(name, config);
                long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                server.startVirtualThread("stubborn", () -> {
                    while (System.nanoTime() - until < 0) {
                        LockSupport.parkNanos(Duration.ofMillis(50).toNanos()); // an interrupt only wakes it early
                    }
                });
                return server;
            });

    /**
     * 10: spawns a child that exits at once and never reaps it: a zombie of the test JVM for as
     * long as that runs (which is what a process design that forgets waitpid(2) leaves behind).
     */
    static final ServerPattern LEAVES_A_ZOMBIE = new Broken("leaves-a-zombie",
            "a child of it ends and is never reaped", THREAD_PER_CONNECTION, (name, config) -> {
                BlockingServer server = threadPerClient(name, config);
                CarelessSpawn.spawn(java.util.List.of("/bin/true"));
                return server;
            });

    /**
     * 16: spawns a helper child without file actions, so it inherits the test JVM's sockets (the
     * server's listening socket among them) at descriptors 3 and up; close() kills it.
     */
    static final ServerPattern LEAKS_SOCKETS_TO_A_CHILD = new Broken("leaks-sockets-to-a-child",
            "its child inherits every socket of the parent", THREAD_PER_CONNECTION, (name, config) -> {
                BlockingServer server = threadPerClient(name, config);
                long pid = CarelessSpawn.spawn(java.util.List.of("/bin/sleep", "60"));
                return new Forwarding(server) {
                    @Override
                    public void close() {
                        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                        super.close();
                    }
                };
            });

    /** 11: a bind error that does not say which address. */
    static final ServerPattern NAMELESS_BIND_ERROR = new Broken("nameless-bind-error",
            "its bind error does not name the address", THREAD_PER_CONNECTION, (name, config) -> {
                try {
                    return threadPerClient(name, config);
                } catch (IOException e) {
                    throw new IOException("bind failed");
                }
            });

    /** 12: forgets to count the bytes it writes. */
    static final ServerPattern MISCOUNTS_BYTES_OUT = new Broken("miscounts-bytes-out",
            "its stats count no bytes out", THREAD_PER_CONNECTION, (name, config) -> {
                BlockingServer server = threadPerClient(name, config);
                return new Forwarding(server) {
                    @Override
                    public ServerStats stats() {
                        ServerStats s = super.stats();
                        return new ServerStats(s.accepted(), s.refused(), s.active(), s.bytesIn(), 0,
                                s.servedPerWorker(), s.workersReplaced());
                    }
                };
            });

    /** 13: a supervised pool whose workers swallow the fault that should kill them. */
    static final ServerPattern SWALLOWS_FAULTS = new Broken("swallows-faults",
            "its workers catch everything and carry on", WorkerModel.supervisedPool(THREAD), (name, config) -> {
                BlockingServer server = BlockingServer.listen(name, config, config.workers());
                server.superviseWorkers(config.workers(), worker -> {
                    Socket client;
                    while ((client = server.accept()) != null) {
                        try {
                            server.serve(client, worker);
                        } catch (Throwable swallowed) {
                            // the bug: a worker in an unknown state carries on
                        }
                    }
                });
                return server;
            });

    /** 14: no timeout on a write that makes no progress (the idle timeout is dropped). */
    static final ServerPattern NO_WRITE_TIMEOUT = new Broken("no-write-timeout",
            "a blocked write waits forever", THREAD_PER_CONNECTION,
            (name, config) -> threadPerClient(name, config.toBuilder().idleTimeout(Duration.ZERO).build()));

    /** 15: every write goes through one lock, so one blocked write blocks every client. */
    static final ServerPattern ONE_LOCK_FOR_ALL_WRITES = new Broken("one-lock-for-all-writes",
            "writes share one lock", THREAD_PER_CONNECTION, (name, config) -> {
                Object lock = new Object();
                return rawThreadPerClient(name, config, (socket, server) -> echo(socket, server, lock));
            });

    /** A running server that forwards everything; the broken ones override one method. */
    private static class Forwarding implements RunningServer {
        private final RunningServer delegate;

        Forwarding(RunningServer delegate) {
            this.delegate = delegate;
        }

        @Override
        public InetSocketAddress address() {
            return delegate.address();
        }

        @Override
        public ServerStats stats() {
            return delegate.stats();
        }

        @Override
        public void close() {
            delegate.close();
        }

        @Override
        public java.util.List<String> leftAfterClose() {
            return delegate.leftAfterClose();
        }
    }
}

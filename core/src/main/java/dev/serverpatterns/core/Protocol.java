package dev.serverpatterns.core;

/**
 * An application protocol that every pattern can serve without knowing which one it is.
 *
 * <p>A protocol is stateless and named; it hands out one {@link ProtocolSession}, a per-connection
 * state machine over byte buffers, for each connection. Because the session only sees buffers,
 * a blocking loop, a selector loop and a Netty handler can all drive the same protocol.
 * Protocols are found by name through {@link java.util.ServiceLoader} ({@link Protocols}), so a
 * child process can rebuild one from the name it was given on its command line.
 */
public interface Protocol {

    /** A stable, lower-case name, e.g. {@code echo}. */
    String name();

    /** One line for {@code serverpatterns list}. */
    String description();

    /**
     * A fresh session for one connection.
     *
     * @param outputBufferCap the most bytes of output the session may hold before it stops
     *                        accepting input; see {@link ServerConfig#outputBufferCap()}
     */
    ProtocolSession newSession(int outputBufferCap);
}

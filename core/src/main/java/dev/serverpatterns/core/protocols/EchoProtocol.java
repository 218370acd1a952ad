package dev.serverpatterns.core.protocols;

import dev.serverpatterns.core.Protocol;
import dev.serverpatterns.core.ProtocolSession;
import java.nio.ByteBuffer;

/**
 * RFC 862 echo: every byte received is sent back, in order. When the client half-closes, the
 * server sends what it still holds and then closes. Memory: no buffer until the first byte; it
 * grows with what is held, up to the output cap, and a large one is given back once drained.
 */
public final class EchoProtocol implements Protocol {

    /** Found by {@link java.util.ServiceLoader}; use {@link dev.serverpatterns.core.Protocols#byName}. */
    public EchoProtocol() {
    }

    @Override
    public String name() {
        return "echo";
    }

    @Override
    public String description() {
        return "RFC 862: every byte received is sent back, in order";
    }

    @Override
    public ProtocolSession newSession(int outputBufferCap) {
        return new Session(outputBufferCap);
    }

    /** The smallest buffer made (a ping-pong message fits); it doubles as more is held. */
    private static final int MIN_BUFFER = 64;
    /** A drained buffer larger than this is given back, so a burst does not stay on an idle connection. */
    private static final int KEPT_WHEN_DRAINED = 4096;

    private static final class Session implements ProtocolSession {
        private final int cap;
        /**
         * Bytes received and not yet sent back, in write mode (position = bytes held); null until
         * the first byte arrives, so a connection that is only open costs no buffer.
         */
        private ByteBuffer pending;
        private boolean inputEnded;

        Session(int cap) {
            this.cap = cap;
        }

        @Override
        public void receive(ByteBuffer input) {
            if (pending == null) {
                pending = ByteBuffer.allocate(Math.min(cap, Math.max(MIN_BUFFER, input.remaining())));
            }
            if (input.remaining() > pending.remaining() && pending.capacity() < cap) {
                int wanted = pending.position() + input.remaining();
                int grown = (int) Math.min(cap, Math.max(wanted, 2L * pending.capacity()));
                pending = ByteBuffer.allocate(grown).put(pending.flip());
            }
            int n = Math.min(input.remaining(), pending.remaining());
            pending.put(pending.position(), input, input.position(), n);
            pending.position(pending.position() + n);
            input.position(input.position() + n);
        }

        @Override
        public void endOfInput() {
            inputEnded = true;
        }

        @Override
        public boolean hasOutput() {
            return pending != null && pending.position() > 0;
        }

        @Override
        public void produce(ByteBuffer output) {
            if (pending == null) {
                return;
            }
            pending.flip();
            int n = Math.min(pending.remaining(), output.remaining());
            output.put(output.position(), pending, pending.position(), n);
            output.position(output.position() + n);
            pending.position(pending.position() + n);
            pending.compact();
            if (pending.position() == 0 && pending.capacity() > KEPT_WHEN_DRAINED) {
                pending = null; // give a burst's buffer back once it is sent
            }
        }

        @Override
        public boolean isFinished() {
            return inputEnded && !hasOutput();
        }
    }
}

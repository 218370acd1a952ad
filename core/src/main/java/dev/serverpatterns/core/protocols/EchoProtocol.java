package dev.serverpatterns.core.protocols;

import dev.serverpatterns.core.Protocol;
import dev.serverpatterns.core.ProtocolSession;
import java.nio.ByteBuffer;

/**
 * RFC 862 echo: every byte received is sent back, in order. When the client half-closes, the
 * server sends what it still holds and then closes.
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

    /** What an idle connection costs: the buffer starts this small and grows, up to the cap, only if used. */
    private static final int INITIAL_BUFFER = 4096;

    private static final class Session implements ProtocolSession {
        private final int cap;
        /** Bytes received and not yet sent back; kept in write mode (position = bytes held). */
        private ByteBuffer pending;
        private boolean inputEnded;

        Session(int cap) {
            this.cap = cap;
            this.pending = ByteBuffer.allocate(Math.min(cap, INITIAL_BUFFER));
        }

        @Override
        public void receive(ByteBuffer input) {
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
            return pending.position() > 0;
        }

        @Override
        public void produce(ByteBuffer output) {
            pending.flip();
            int n = Math.min(pending.remaining(), output.remaining());
            output.put(output.position(), pending, pending.position(), n);
            output.position(output.position() + n);
            pending.position(pending.position() + n);
            pending.compact();
        }

        @Override
        public boolean isFinished() {
            return inputEnded && !hasOutput();
        }
    }
}

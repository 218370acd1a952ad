package example;

import dev.serverpatterns.core.Protocol;
import dev.serverpatterns.core.ProtocolSession;
import java.nio.ByteBuffer;

/** Every byte comes back, letters in upper case: echo, shouted. A user's own protocol. */
public final class ShoutProtocol implements Protocol {

    @Override
    public String name() {
        return "shout";
    }

    @Override
    public String description() {
        return "every byte comes back, letters in upper case";
    }

    @Override
    public ProtocolSession newSession(int outputBufferCap) {
        return new Session(Math.min(outputBufferCap, 4096));
    }

    /** Holds what it has not sent back yet: never more than its buffer, so memory stays bounded. */
    private static final class Session implements ProtocolSession {
        private final ByteBuffer pending; // write mode: position = bytes held
        private boolean inputEnded;

        Session(int cap) {
            pending = ByteBuffer.allocate(cap);
        }

        @Override
        public void receive(ByteBuffer input) {
            while (input.hasRemaining() && pending.hasRemaining()) { // a full buffer takes no more
                byte b = input.get();
                pending.put(b >= 'a' && b <= 'z' ? (byte) (b - 'a' + 'A') : b);
            }
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
            output.put(pending.slice(pending.position(), n));
            pending.position(pending.position() + n).compact();
        }

        @Override
        public boolean isFinished() {
            return inputEnded && !hasOutput();
        }
    }
}

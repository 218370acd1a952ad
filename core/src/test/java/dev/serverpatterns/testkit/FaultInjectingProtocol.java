package dev.serverpatterns.testkit;

import dev.serverpatterns.core.ForwardingSession;
import dev.serverpatterns.core.Protocol;
import dev.serverpatterns.core.ProtocolSession;
import dev.serverpatterns.core.Protocols;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Echo, except that receiving {@link #TRIGGER} throws an {@link InjectedFault}: an {@link Error}
 * that escapes the connection loop and kills the worker serving it, the way an
 * {@code OutOfMemoryError} would. Registered (for tests only) as protocol {@code fault}, so a
 * child process started with {@code --protocol fault} finds it by name too.
 */
public final class FaultInjectingProtocol implements Protocol {

    public static final String NAME = "fault";
    public static final byte[] TRIGGER = "CRASH".getBytes(StandardCharsets.US_ASCII);

    public FaultInjectingProtocol() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "test only: echo, but the bytes CRASH kill the worker serving the connection";
    }

    @Override
    public ProtocolSession newSession(int outputBufferCap) {
        ProtocolSession echo = Protocols.byName("echo").newSession(outputBufferCap);
        return new ForwardingSession(echo) {
            @Override
            public void receive(ByteBuffer input) {
                if (contains(input, TRIGGER)) {
                    throw new InjectedFault();
                }
                super.receive(input);
            }
        };
    }

    private static boolean contains(ByteBuffer haystack, byte[] needle) {
        outer:
        for (int i = haystack.position(); i <= haystack.limit() - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack.get(i + j) != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** The injected fault: an Error, so that no {@code catch (Exception)} swallows it. */
    public static final class InjectedFault extends Error {
        private static final long serialVersionUID = 1L;

        InjectedFault() {
            super("injected fault (the test sent " + new String(TRIGGER, StandardCharsets.US_ASCII) + ")");
        }
    }
}

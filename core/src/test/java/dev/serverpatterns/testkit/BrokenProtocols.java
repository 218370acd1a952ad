package dev.serverpatterns.testkit;

import dev.serverpatterns.core.ForwardingSession;
import dev.serverpatterns.core.Protocol;
import dev.serverpatterns.core.ProtocolSession;
import dev.serverpatterns.core.Protocols;
import java.nio.ByteBuffer;

/**
 * Protocols broken on purpose, for the kit's self-test: each is a correct protocol with one bug.
 * Registered for tests only (META-INF/services), so a broken pattern can serve one by name.
 */
public final class BrokenProtocols {

    private BrokenProtocols() {
    }

    /** Echo that flips one byte once more than {@value #AT} bytes have gone out: fine for short messages. */
    public static final class CorruptingEcho implements Protocol {
        public static final String NAME = "test-corrupting-echo";
        static final long AT = 300_000;

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public String description() {
            return "test only: echo that corrupts one byte of a long stream";
        }

        @Override
        public ProtocolSession newSession(int outputBufferCap) {
            ProtocolSession echo = Protocols.byName("echo").newSession(outputBufferCap);
            return new ForwardingSession(echo) {
                private long sent;

                @Override
                public void produce(ByteBuffer output) {
                    int from = output.position();
                    super.produce(output);
                    for (int i = from; i < output.position(); i++, sent++) {
                        if (sent == AT) {
                            output.put(i, (byte) ~output.get(i));
                        }
                    }
                }
            };
        }
    }

    /** The byte-count protocol, replying with the wrong byte: the right sizes, the wrong content. */
    public static final class WrongFillBytes implements Protocol {
        public static final String NAME = "test-wrong-fill-bytes";

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public String description() {
            return "test only: byte count with the wrong filler byte";
        }

        @Override
        public ProtocolSession newSession(int outputBufferCap) {
            return new ForwardingSession(Protocols.byName("bytes").newSession(outputBufferCap)) {
                @Override
                public void produce(ByteBuffer output) {
                    int from = output.position();
                    super.produce(output);
                    for (int i = from; i < output.position(); i++) {
                        if (output.get(i) == 'x') {
                            output.put(i, (byte) 'y');
                        }
                    }
                }
            };
        }
    }

    /**
     * The byte-count protocol as it was before requests split by TCP were handled: a count that
     * ends where a read ends is served at once, so {@code 40} then {@code 00\n} is two requests.
     */
    public static final class SplitBlindBytes implements Protocol {
        public static final String NAME = "test-split-blind-bytes";

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public String description() {
            return "test only: byte count that serves a count at the end of every read";
        }

        @Override
        public ProtocolSession newSession(int outputBufferCap) {
            return new ForwardingSession(Protocols.byName("bytes").newSession(outputBufferCap)) {
                @Override
                public void receive(ByteBuffer input) {
                    super.receive(input);
                    if (!input.hasRemaining()) {
                        inputPaused(); // as if no more could come
                    }
                }
            };
        }
    }

    /**
     * HTTP that closes the connection after every response, as a server that ignores keep-alive
     * does: every single request is answered right, the second on a connection never is.
     */
    public static final class ClosingHttp implements Protocol {
        public static final String NAME = "test-closing-http";

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public String description() {
            return "test only: http that closes after each response";
        }

        @Override
        public ProtocolSession newSession(int outputBufferCap) {
            return new ForwardingSession(Protocols.byName("http").newSession(outputBufferCap)) {
                private boolean answered;

                @Override
                public void produce(ByteBuffer output) {
                    super.produce(output);
                    answered |= !hasOutput();
                }

                @Override
                public boolean isFinished() {
                    return super.isFinished() || (answered && !hasOutput());
                }
            };
        }
    }
}

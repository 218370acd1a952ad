package dev.serverpatterns.core;

import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * Wraps a session so that every call that hands it bytes first sleeps for a fixed time: the
 * "simulated work" of a slow handler (PP4E's thread server sleeps five seconds per request).
 * On a thread per client the sleep stalls one client; on an event loop it stalls every client
 * of that loop. That difference is what this wrapper exists to show.
 */
final class SimulatedWork extends ForwardingSession {

    private final Duration work;

    SimulatedWork(ProtocolSession delegate, Duration work) {
        super(delegate);
        this.work = work;
    }

    @Override
    public void receive(ByteBuffer input) {
        if (input.hasRemaining() && !hasOutput()) {
            try {
                Thread.sleep(work);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        super.receive(input);
    }
}

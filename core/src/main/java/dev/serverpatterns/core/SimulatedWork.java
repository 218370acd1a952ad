package dev.serverpatterns.core;

import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * Wraps a session so that every call that hands it bytes first sleeps for a fixed time: the
 * "simulated work" of a slow handler (PP4E's thread server sleeps five seconds per request).
 * On a thread per client the sleep stalls one client; on an event loop it stalls every client
 * of that loop. That difference is what this wrapper exists to show.
 */
final class SimulatedWork implements ProtocolSession {

    private final ProtocolSession delegate;
    private final Duration work;

    SimulatedWork(ProtocolSession delegate, Duration work) {
        this.delegate = delegate;
        this.work = work;
    }

    @Override
    public void receive(ByteBuffer input) {
        if (input.hasRemaining() && !delegate.hasOutput()) {
            try {
                Thread.sleep(work);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        delegate.receive(input);
    }

    @Override
    public void endOfInput() {
        delegate.endOfInput();
    }

    @Override
    public boolean hasOutput() {
        return delegate.hasOutput();
    }

    @Override
    public void produce(ByteBuffer output) {
        delegate.produce(output);
    }

    @Override
    public boolean isFinished() {
        return delegate.isFinished();
    }

    @Override
    public Duration pendingInputTimeout() {
        return delegate.pendingInputTimeout();
    }

    @Override
    public void inputPaused() {
        delegate.inputPaused();
    }
}

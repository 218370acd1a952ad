package dev.serverpatterns.core;

import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * A session that forwards every call to another: the base of a decorator that changes one step,
 * such as simulated work before each {@code receive} (the {@code --work} option), or a fault
 * injected by a test.
 */
public class ForwardingSession implements ProtocolSession {

    private final ProtocolSession delegate;

    public ForwardingSession(ProtocolSession delegate) {
        this.delegate = delegate;
    }

    @Override
    public void receive(ByteBuffer input) {
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

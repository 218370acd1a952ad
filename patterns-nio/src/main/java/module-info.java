/**
 * The multiplexing family: one thread serves many connections by readiness. The java.nio
 * reactors (Doug Lea's basic reactor, multiple reactors, a reactor with a worker pool) and the
 * select(2) and poll(2) loops, whose system calls are made directly through FFM; the designs
 * share one event loop and differ in who accepts, who serves, and how readiness is asked.
 */
module dev.serverpatterns.nio {
    requires dev.serverpatterns.core;

    provides dev.serverpatterns.core.ServerPattern with
            dev.serverpatterns.nio.SelectServer,
            dev.serverpatterns.nio.PollServer,
            dev.serverpatterns.nio.NioReactorServer,
            dev.serverpatterns.nio.NioMultiReactorServer,
            dev.serverpatterns.nio.NioReactorPoolServer;
}

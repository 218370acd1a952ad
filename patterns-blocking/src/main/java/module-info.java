/**
 * The blocking family: every thread that serves a client blocks in read(2) and write(2), and
 * the designs differ only in which thread accepts and which thread serves.
 */
module dev.serverpatterns.blocking {
    requires dev.serverpatterns.core;

    provides dev.serverpatterns.core.ServerPattern with
            dev.serverpatterns.blocking.IterativeServer,
            dev.serverpatterns.blocking.ThreadPerClientServer,
            dev.serverpatterns.blocking.VirtualThreadPerClientServer,
            dev.serverpatterns.blocking.PrethreadedAcceptServer,
            dev.serverpatterns.blocking.PrethreadedPoolServer;
}

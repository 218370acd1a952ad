/**
 * The serverpatterns core: the {@link dev.serverpatterns.core.ServerPattern} SPI that every design
 * implements, the {@link dev.serverpatterns.core.Protocol} state machine that every design drives,
 * and the machinery that more than one design shares: the {@link dev.serverpatterns.core.session
 * session driver} every event loop uses, the {@link dev.serverpatterns.core.workers worker
 * lifecycle} for threads and processes, and the {@link dev.serverpatterns.core.blocking blocking
 * loop} of the blocking family.
 */
module dev.serverpatterns.core {
    exports dev.serverpatterns.core;
    exports dev.serverpatterns.core.protocols;
    exports dev.serverpatterns.core.session;
    exports dev.serverpatterns.core.workers;
    exports dev.serverpatterns.core.blocking;
    exports dev.serverpatterns.core.nativeio;
    exports dev.serverpatterns.core.loop;

    uses dev.serverpatterns.core.ServerPattern;
    uses dev.serverpatterns.core.Protocol;

    provides dev.serverpatterns.core.Protocol with
            dev.serverpatterns.core.protocols.EchoProtocol,
            dev.serverpatterns.core.protocols.ByteCountProtocol;
}

/**
 * The serverpatterns core: the {@link dev.serverpatterns.core.ServerPattern} SPI that every design
 * implements, the {@link dev.serverpatterns.core.Protocol} state machine that every design drives,
 * and the machinery that more than one design shares.
 */
module dev.serverpatterns.core {
    exports dev.serverpatterns.core;
    exports dev.serverpatterns.core.protocols;

    uses dev.serverpatterns.core.ServerPattern;
    uses dev.serverpatterns.core.Protocol;

    provides dev.serverpatterns.core.Protocol with
            dev.serverpatterns.core.protocols.EchoProtocol,
            dev.serverpatterns.core.protocols.ByteCountProtocol;
}

/**
 * The runnable front end and the JMH suite. Open, because picocli and JMH reach into their
 * command and benchmark classes reflectively; nothing depends on this module.
 */
open module dev.serverpatterns.benchmarks {
    requires dev.serverpatterns.core;
    requires info.picocli;
    requires HdrHistogram;
    requires jmh.core;
    requires java.logging;
    requires java.desktop;      // the report charts: java.awt colours, fonts, strokes
    requires org.knowm.xchart;  // the report charts (automatic module)
    requires io.netty.transport;               // the bare-Netty reference row (BareNetty)
    requires io.netty.transport.classes.epoll;

    uses dev.serverpatterns.core.ServerPattern;
}

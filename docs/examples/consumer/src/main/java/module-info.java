/** A user's server: its own protocol, served by a serverpatterns pattern chosen by name. */
module dev.serverpatterns.examples.shout {
    requires dev.serverpatterns.core;

    // On the module path the protocol is found through this line; on the class path, through
    // META-INF/services. A library should ship both.
    provides dev.serverpatterns.core.Protocol with example.ShoutProtocol;
}

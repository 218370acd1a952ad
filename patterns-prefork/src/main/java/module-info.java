/**
 * The process family: real child JVMs, started with posix_spawn(3) through FFM with exactly the
 * socket they need as descriptor 0. Fork per client; and preforked children that all accept on
 * one socket, take turns under a file lock, are handed descriptors over Unix sockets, or each
 * listen on the port with SO_REUSEPORT. The parent supervises them and reads their counts from a
 * shared file.
 */
module dev.serverpatterns.prefork {
    requires dev.serverpatterns.core;

    provides dev.serverpatterns.core.ServerPattern with
            dev.serverpatterns.prefork.ForkPerClientServer,
            dev.serverpatterns.prefork.PreforkAcceptServer,
            dev.serverpatterns.prefork.PreforkLockServer,
            dev.serverpatterns.prefork.PreforkFdPassingServer,
            dev.serverpatterns.prefork.PreforkReusePortServer;
}

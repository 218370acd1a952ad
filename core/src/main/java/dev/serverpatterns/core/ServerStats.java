package dev.serverpatterns.core;

import java.util.List;

/**
 * A snapshot of a running server's counters.
 *
 * @param accepted           connections admitted and served (refused ones are not counted)
 * @param refused            connections closed at once because {@code maxConnections} were open
 * @param active             connections open now
 * @param bytesIn            bytes read from clients
 * @param bytesOut           bytes written to clients
 * @param servedPerWorker    admitted connections by the worker that served them (the
 *                           distribution of UNP's Figure 30.2 and csdesign's server03a table);
 *                           once every admitted connection has reached a worker, it sums to
 *                           {@code accepted}
 */
public record ServerStats(long accepted, long refused, long active, long bytesIn, long bytesOut,
                          List<Long> servedPerWorker) {

    public ServerStats {
        servedPerWorker = List.copyOf(servedPerWorker);
    }
}

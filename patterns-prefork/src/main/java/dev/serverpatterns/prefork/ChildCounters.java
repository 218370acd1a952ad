package dev.serverpatterns.prefork;

import dev.serverpatterns.core.ServerStats;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The counters of a server's children, in one file that parent and children all map
 * ({@code FileChannel.map} into a {@link MemorySegment}, {@code MAP_SHARED}): csdesign's
 * server03a done right. Each child adds to its own slot of 64-bit counters with atomic adds
 * (a {@link VarHandle}'s {@code getAndAdd}, a locked add on x86), so no count wraps at 256 and
 * no two children race on one byte; the parent reads and sums them.
 *
 * <pre>
 * offset 0      the server: connections open in all children (admission against max-connections),
 *               connections the parent refused itself
 * offset 64(i+1) slot i: served, open, bytes in, bytes out, refused, children that got ready in it
 * </pre>
 * One slot is 64 bytes, a cache line, so two children never write the same line.
 *
 * <p>A child that dies leaves its open count behind; the parent, having reaped it, takes it
 * back ({@link #reclaim}) before it starts a replacement in that slot.
 */
final class ChildCounters implements AutoCloseable {

    private static final long SLOT = 64;
    private static final long SERVED = 0;
    private static final long OPEN = 8;
    private static final long BYTES_IN = 16;
    private static final long BYTES_OUT = 24;
    private static final long REFUSED = 32;
    private static final long STARTED = 40;
    /** The server-wide header: connections open in all children, and refusals by the parent. */
    private static final long ALL_OPEN = 0;
    private static final long PARENT_REFUSED = 8;
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    private final Path file;
    private final int slots;
    private final Arena arena;
    private final MemorySegment counters;
    private final boolean owner;

    private ChildCounters(Path file, int slots, boolean owner) throws IOException {
        this.file = file;
        this.slots = slots;
        this.owner = owner;
        this.arena = Arena.ofShared();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            this.counters = channel.map(FileChannel.MapMode.READ_WRITE, 0, SLOT * (slots + 1L), arena);
        } // the mapping outlives the descriptor: no child keeps an extra descriptor for it
    }

    /**
     * Creates the zeroed file for {@code slots} children in /dev/shm (memory, not disk) when the
     * machine has it, else in the temporary directory, and maps it.
     */
    static ChildCounters create(String pattern, int slots) throws IOException {
        Path shm = Path.of("/dev/shm");
        Path directory = Files.isDirectory(shm) && Files.isWritable(shm) ? shm
                : Path.of(System.getProperty("java.io.tmpdir"));
        Path file = Files.createTempFile(directory, "serverpatterns-" + pattern + "-", ".counters");
        file.toFile().deleteOnExit(); // also when the JVM ends (SIGTERM, Ctrl-C) without close()
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(0).write(java.nio.ByteBuffer.allocate((int) (SLOT * (slots + 1L))));
        }
        return new ChildCounters(file, slots, true);
    }

    /** A child's view: maps the file its parent created. */
    static ChildCounters open(Path file, int slots) throws IOException {
        return new ChildCounters(file, slots, false);
    }

    Path file() {
        return file;
    }

    int slots() {
        return slots;
    }

    private long add(long offset, long delta) {
        return (long) LONG.getAndAdd(counters, offset, delta) + delta;
    }

    private long get(long offset) {
        return (long) LONG.getVolatile(counters, offset);
    }

    private static long at(int slot, long field) {
        return SLOT * (slot + 1L) + field;
    }

    /**
     * Admits a connection the child in {@code slot} has just taken, if fewer than
     * {@code maxConnections} are open in all children; else counts it refused and returns false.
     */
    boolean admit(int slot, int maxConnections) {
        if (add(ALL_OPEN, 1) > maxConnections) {
            add(ALL_OPEN, -1);
            add(at(slot, REFUSED), 1);
            return false;
        }
        add(at(slot, OPEN), 1);
        add(at(slot, SERVED), 1);
        return true;
    }

    void release(int slot) {
        add(at(slot, OPEN), -1);
        add(ALL_OPEN, -1);
    }

    void countIn(int slot, long bytes) {
        add(at(slot, BYTES_IN), bytes);
    }

    void countOut(int slot, long bytes) {
        add(at(slot, BYTES_OUT), bytes);
    }

    /** A connection the parent closed without handing it to a child (no child could take it). */
    long refusedByParent() {
        return add(PARENT_REFUSED, 1);
    }

    /** Takes back what a dead child left open; called once it has been reaped, before its slot is reused. */
    void reclaim(int slot) {
        long open = get(at(slot, OPEN));
        if (open != 0) {
            add(at(slot, OPEN), -open);
            add(ALL_OPEN, -open);
        }
    }

    /** A child says it is ready to serve (e.g. listening on its own socket). */
    void ready(int slot) {
        add(at(slot, STARTED), 1);
    }

    /** How many children in {@code slot} have said they were ready. */
    long readyCount(int slot) {
        return get(at(slot, STARTED));
    }

    /** Connections open in all children now. */
    long open() {
        return get(ALL_OPEN);
    }

    /**
     * The sums, with the served count of each slot; with {@code perSlot} false, one entry (a
     * design whose children each serve one connection has no distribution to show).
     */
    ServerStats stats(boolean perSlot) {
        long served = 0;
        long open = 0;
        long in = 0;
        long out = 0;
        long refused = get(PARENT_REFUSED);
        List<Long> perWorker = new ArrayList<>(slots);
        for (int slot = 0; slot < slots; slot++) {
            long s = get(at(slot, SERVED));
            served += s;
            open += get(at(slot, OPEN));
            in += get(at(slot, BYTES_IN));
            out += get(at(slot, BYTES_OUT));
            refused += get(at(slot, REFUSED));
            perWorker.add(s);
        }
        return new ServerStats(served, refused, open, in, out, perSlot ? perWorker : List.of(served));
    }

    /** Unmaps; the parent (the owner) also deletes the file. */
    @Override
    public void close() {
        arena.close();
        if (owner) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a file in /dev/shm or the temporary directory; nothing else depends on it
            }
        }
    }
}

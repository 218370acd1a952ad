package dev.serverpatterns.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which sockets belong to a server, read from Linux's /proc: {@code /proc/net/tcp} and
 * {@code tcp6} list every TCP socket with its local port and inode, and {@code /proc/self/fd}
 * links each open descriptor of this process to {@code socket:[inode]}. So a test can name the
 * server's own sockets (local port = the server's) rather than count the whole process's
 * descriptors, which other tests and the JVM change too.
 */
final class ProcNet {

    private ProcNet() {
    }

    /** Inodes of the TCP sockets (listening and connected) whose local port is {@code port}. */
    static Set<Long> socketInodesOnLocalPort(int port) throws IOException {
        Set<Long> inodes = new HashSet<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path path = Path.of(table);
            if (!Files.exists(path)) {
                continue;
            }
            List<String> lines = Files.readAllLines(path); // read once: the table changes all the time
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                int localPort = Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16);
                long inode = Long.parseLong(f[9]);
                if (localPort == port && inode != 0) { // inode 0: TIME_WAIT, no descriptor
                    inodes.add(inode);
                }
            }
        }
        return inodes;
    }

    /**
     * The sockets and pipes a process holds ({@code socket:[inode]}, {@code pipe:[inode]}), each
     * with the descriptors it is open at; empty if the process is gone or not ours to read.
     */
    static java.util.Map<String, List<Integer>> socketsAndPipes(long pid) {
        java.util.Map<String, List<Integer>> found = new java.util.TreeMap<>();
        try (var fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[") || target.startsWith("pipe:[")) {
                        found.computeIfAbsent(target, t -> new java.util.ArrayList<>())
                                .add(Integer.parseInt(fd.getFileName().toString()));
                    }
                } catch (IOException closedMeanwhile) {
                    // the descriptor was closed between the listing and the read
                }
            }
        } catch (IOException | java.io.UncheckedIOException gone) {
            return java.util.Map.of(); // the process ended meanwhile
        }
        return found;
    }

    /** Inodes of the sockets open in this process. */
    static Set<Long> openSocketInodes() throws IOException {
        Set<Long> inodes = new HashSet<>();
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(Long.parseLong(target.substring(8, target.length() - 1)));
                    }
                } catch (IOException closedMeanwhile) {
                    // the descriptor was closed between the listing and the read
                }
            }
        }
        return inodes;
    }
}

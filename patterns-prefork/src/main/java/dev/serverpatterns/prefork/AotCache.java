package dev.serverpatterns.prefork;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * A JDK AOT cache (JEP 483, JEP 514) for the children of fork-per-client, built on first use: the
 * first child runs with {@code -XX:AOTCacheOutput=FILE}, which records what it loads and links
 * while it serves, and writes the cache when it exits; children started after that run with
 * {@code -XX:AOTCache=FILE} and start with those classes already loaded and linked. Children
 * started while the first one is still training run without either flag.
 *
 * <p>The file is named by a hash of what it depends on (the java binary and its version, the
 * class path, the child's flags), in the temporary directory, so a rebuilt jar or another JDK
 * gets its own cache. The JVM checks the cache against its class path itself and, on a mismatch,
 * warns and starts without it. {@code -Dserverpatterns.prefork.aot=false} turns it off (to
 * measure the difference). A class path with directories (a build's {@code target/classes})
 * cannot be cached by the JDK; then every child starts without a cache.
 */
final class AotCache {

    private static final System.Logger LOG = System.getLogger(AotCache.class.getName());
    static final String PROPERTY = "serverpatterns.prefork.aot";
    /** Another class path's cache not written for this long is deleted when a new one is trained. */
    static final Duration STALE_AFTER = Duration.ofDays(1);

    private final Path file;
    private final AtomicBoolean training = new AtomicBoolean();

    private AotCache(Path file) {
        this.file = file;
    }

    /** The cache for this JVM's children; none if turned off or the class path has directories. */
    static AotCache forChildren(String pattern) {
        if (!Boolean.parseBoolean(System.getProperty(PROPERTY, "true"))) {
            return null;
        }
        String classPath = ChildJvm.classPath();
        for (String entry : classPath.split(java.io.File.pathSeparator)) {
            if (Files.isDirectory(Path.of(entry))) {
                return null;
            }
        }
        String key = ChildJvm.java() + '\n' + Runtime.version() + '\n' + classPath + '\n' + ChildJvm.FLAGS;
        Path directory = Path.of(System.getProperty("java.io.tmpdir"), "serverpatterns-aot");
        return new AotCache(directory.resolve(pattern + "-" + hash(key) + ".aot"));
    }

    /** The flags for the next child: use the cache, or (once) build it, or nothing while it is being built. */
    List<String> flags() {
        if (Files.isRegularFile(file)) {
            return List.of("-XX:AOTCache=" + file);
        }
        if (training.compareAndSet(false, true)) {
            try {
                Files.createDirectories(file.getParent());
            } catch (IOException e) {
                LOG.log(Level.WARNING, "no AOT cache for the children: {0}", e.toString());
                return List.of();
            }
            pruneStale(file, STALE_AFTER);
            LOG.log(Level.INFO, "this child trains the AOT cache {0} for the next ones", file);
            return List.of("-XX:AOTCacheOutput=" + file);
        }
        return List.of();
    }

    Path file() {
        return file;
    }

    /**
     * Deletes the other caches of the same pattern in {@code keep}'s directory that have not been
     * written for {@code staleAfter}: every new class path (a fresh clone, another build folder)
     * names a new file of about 15 MiB, and nothing else would ever remove the old ones. A cache
     * written recently may belong to a server still running from another class path, so it stays;
     * one deleted under a running server is harmless (an open file outlives its name on Linux, and
     * a child that finds no file starts without a cache).
     *
     * @return how many were deleted
     */
    static int pruneStale(Path keep, Duration staleAfter) {
        String prefix = keep.getFileName().toString().replaceFirst("-[0-9a-f]+\\.aot$", "-");
        Instant before = Instant.now().minus(staleAfter);
        int deleted = 0;
        try (DirectoryStream<Path> caches = Files.newDirectoryStream(keep.getParent(), prefix + "*.aot")) {
            for (Path cache : caches) {
                boolean samePattern = cache.getFileName().toString().matches(Pattern.quote(prefix) + "[0-9a-f]+\\.aot");
                if (samePattern && !cache.equals(keep)
                        && Files.getLastModifiedTime(cache).toInstant().isBefore(before)) {
                    Files.deleteIfExists(cache);
                    deleted++;
                }
            }
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "could not prune old AOT caches: {0}", e.toString());
        }
        return deleted;
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException impossible) {
            throw new AssertionError(impossible);
        }
    }
}

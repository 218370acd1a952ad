package dev.serverpatterns.prefork;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AotCacheTest {

    @TempDir
    Path dir;

    private Path cache(String name, Duration age) throws Exception {
        Path file = Files.writeString(dir.resolve(name), "x");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(age)));
        return file;
    }

    @Test
    void trainingANewCacheDeletesOnlyThisPatternsOldCachesOfOtherClassPaths() throws Exception {
        Path keep = cache("fork-per-client-aaaa0000aaaa0000.aot", Duration.ofDays(3));
        Path stale = cache("fork-per-client-bbbb1111bbbb1111.aot", Duration.ofDays(2));
        Path recent = cache("fork-per-client-cccc2222cccc2222.aot", Duration.ofMinutes(5));
        Path otherPattern = cache("prefork-accept-dddd3333dddd3333.aot", Duration.ofDays(2));
        Path notACache = cache("fork-per-client-notes.txt", Duration.ofDays(2));
        Path longerName = cache("fork-per-client-extra-eeee4444eeee4444.aot", Duration.ofDays(2));

        int deleted = AotCache.pruneStale(keep, AotCache.STALE_AFTER);

        assertThat(deleted).isEqualTo(1);
        assertThat(stale).doesNotExist();
        assertThat(keep).as("the one being trained, however old its name").exists();
        assertThat(recent).as("another class path's cache, written lately: a server may be using it").exists();
        assertThat(otherPattern).exists();
        assertThat(notACache).exists();
        assertThat(longerName).as("another pattern whose name starts with this one's").exists();
    }

    @Test
    void aMissingDirectoryIsNothingToPrune() {
        assertThat(AotCache.pruneStale(dir.resolve("gone/fork-per-client-aaaa0000aaaa0000.aot"), Duration.ZERO))
                .isZero();
    }
}

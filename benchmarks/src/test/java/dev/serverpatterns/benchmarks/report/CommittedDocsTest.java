package dev.serverpatterns.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The measured numbers in the docs are the report's, not pasted: regenerating from the committed
 * raw results ({@code docs/results/raw}) into a copy of {@code docs} must change no page. When this
 * fails after a change to the report or to the raw results, run
 * {@code ./serverpatterns bench --report-only} and commit what it rewrote.
 */
class CommittedDocsTest {

    private static final Path DOCS = Path.of("").toAbsolutePath().getParent().resolve("docs");
    private static final String REGENERATE = "regenerate with ./serverpatterns bench --report-only, then commit";

    @Test
    void thePagesHoldWhatTheReportWritesFromTheCommittedResults(@TempDir Path dir) throws IOException {
        assertThat(DOCS.resolve("results/raw/jmh-result.json")).as("the committed raw results").exists();
        Path copy = dir.resolve("docs");
        List<Path> pages = markdownPages();
        for (Path page : pages) {
            copyTo(copy, page);
        }
        try (Stream<Path> raw = Files.list(DOCS.resolve("results/raw"))) {
            for (Path file : raw.toList()) {
                copyTo(copy, file);
            }
        }

        Report.generate(copy.resolve("results/raw"), copy.resolve("results"));

        assertThat(pages).contains(DOCS.resolve("README.md"), DOCS.resolve("results/README.md"));
        for (Path page : pages) {
            assertThat(Files.readString(copy.resolve(DOCS.relativize(page))))
                    .as("%s is not what the report writes: %s", DOCS.relativize(page), REGENERATE)
                    .isEqualTo(Files.readString(page));
        }
    }

    @Test
    void everyRegisteredPatternsPageHasItsGeneratedSection() throws IOException {
        assertThat(PatternPages.unmarked(DOCS, PatternInfo.registered())).isEmpty();
    }

    /** The docs' README, the results page and every pattern page. */
    private static List<Path> markdownPages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(DOCS.resolve("README.md"), DOCS.resolve("results/README.md")));
        try (Stream<Path> patterns = Files.list(DOCS.resolve(PatternPages.PATTERNS_DIR))) {
            patterns.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    private static void copyTo(Path copy, Path file) throws IOException {
        Path target = copy.resolve(DOCS.relativize(file));
        Files.createDirectories(target.getParent());
        Files.copy(file, target);
    }
}

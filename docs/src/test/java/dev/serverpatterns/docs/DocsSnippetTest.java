package dev.serverpatterns.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Docs that cannot drift: every Java excerpt under {@code docs/} is the source it names, today.
 *
 * <p>A page quotes code with a marker on the line right above a {@code ```java} block:
 * {@code <!-- code: PATH#MEMBER -->} quotes one member of a file (a type, a method, a field; by
 * simple name, or qualified by its enclosing types, {@code SessionDriver.Next}), dedented, from
 * its first annotation or modifier to its closing brace; {@code <!-- code: PATH -->} quotes a
 * whole file. PATH is relative to the repository root. This test compares each block with its
 * source, exactly, and fails with the page, the marker and the diff. Run with
 * {@code -Dserverpatterns.docs.update=true} (the command is {@link DocsTree#UPDATE_COMMAND}) it
 * first copies every source into its page, so nobody copies by hand.
 *
 * <p>A {@code ```java} block without a marker fails too; a block in another language fails if a
 * line of it looks like Java, since a quote hidden under another label would escape the check.
 * And the pages keep up with the code around them: a relative link must name a file that exists,
 * every registered pattern must be quoted by a page under {@code docs/patterns/}, and every such
 * page must be on the map ({@code docs/README.md}).
 */
class DocsSnippetTest {

    private static final DocsTree DOCS = new DocsTree(Path.of(System.getProperty("basedir", ".")));

    @BeforeAll
    static void updateTheExcerptsWhenAsked() throws IOException {
        if (Boolean.getBoolean("serverpatterns.docs.update")) {
            List<String> changed = DOCS.update();
            System.out.println(changed.isEmpty() ? "docs: every excerpt already matched its source"
                    : "docs: copied from the source:\n  " + String.join("\n  ", changed));
        }
    }

    @Test
    void everyRegisteredPatternIsQuotedByAPatternPage() {
        // also guards the other checks against passing on nothing (a wrong folder, a parser that finds no block)
        List<String> registered = DOCS.registeredPatternFiles();
        assertThat(registered).as("patterns registered in META-INF/services").isNotEmpty();
        List<String> quoted = excerpts().stream().filter(e -> e.page().startsWith("docs/patterns/"))
                .map(e -> e.block().marker().path()).distinct().toList();
        assertThat(registered).filteredOn(file -> !quoted.contains(file))
                .as("registered patterns that no page under docs/patterns/ quotes (<!-- code: FILE#start -->)")
                .isEmpty();
    }

    @Test
    void everyPatternPageIsOnTheMap() throws IOException {
        String map = Files.readString(DOCS.root().resolve("docs/README.md"));
        assertThat(DOCS.pages()).extracting(DOCS::name).filteredOn(name -> name.startsWith("docs/patterns/"))
                .isNotEmpty()
                .filteredOn(name -> !map.contains("(" + name.substring("docs/".length()) + ")"))
                .as("pattern pages that the map of designs (docs/README.md) does not link").isEmpty();
    }

    @TestFactory
    Stream<DynamicTest> everyExcerptMatchesItsSource() {
        return excerpts().stream().map(excerpt -> DynamicTest.dynamicTest(excerpt.title(), () ->
                DOCS.drift(excerpt.page(), excerpt.block()).ifPresent(message -> fail(message))));
    }

    @Test
    void everyBlockThatQuotesJavaHasAMarker() {
        List<String> problems = DOCS.pages().stream()
                .flatMap(page -> DOCS.unmarkedCode(DOCS.name(page), DOCS.read(page)).stream()).toList();
        assertThat(problems).as("unmarked code in docs/:\n%s", String.join("\n", problems)).isEmpty();
    }

    @Test
    void everyRelativeLinkNamesAFileThatExists() {
        List<String> broken = DOCS.pages().stream().flatMap(page -> DOCS.brokenLinks(page).stream()).toList();
        assertThat(broken).as("broken links in docs/:\n%s", String.join("\n", broken)).isEmpty();
    }

    private record Excerpt(String page, MarkdownPage.Block block) {
        String title() {
            return page + ":" + block.humanLine() + " " + block.marker().spec().replaceFirst(".*/", "");
        }
    }

    private static List<Excerpt> excerpts() {
        return DOCS.pages().stream().flatMap(page -> DOCS.read(page).blocks().stream()
                .filter(block -> block.marker() != null)
                .map(block -> new Excerpt(DOCS.name(page), block))).toList();
    }
}

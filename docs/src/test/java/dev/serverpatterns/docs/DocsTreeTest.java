package dev.serverpatterns.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checks that DocsSnippetTest runs over docs/, run here over a small repository made for each test. */
class DocsTreeTest {

    @TempDir
    Path repository;
    private DocsTree tree;
    private Path page;

    @BeforeEach
    void aRepositoryWithOneSourceFile() throws IOException {
        Files.createDirectories(repository.resolve("src"));
        Files.writeString(repository.resolve("src/Server.java"), """
                class Server {
                    void start() {
                        try {
                            startThread();
                        } catch (OutOfMemoryError e) {
                            refuse();
                        }
                    }
                }
                """);
        Files.createDirectories(repository.resolve("docs"));
        page = repository.resolve("docs/page.md");
        tree = new DocsTree(repository.resolve("docs"));
    }

    private MarkdownPage.Block onlyBlock() {
        return tree.read(page).blocks().getFirst();
    }

    @Test
    void anExcerptThatMissesABranchOfItsSourceFailsWithThePageTheMarkerTheDiffAndTheFix() throws IOException {
        Files.writeString(page, """
                # A page

                <!-- code: src/Server.java#start -->
                ```java
                void start() {
                    startThread();
                }
                ```
                """);
        assertThat(tree.drift("docs/page.md", onlyBlock())).hasValueSatisfying(message -> assertThat(message)
                .contains("docs/page.md:3: the excerpt <!-- code: src/Server.java#start --> no longer matches")
                .contains("-    startThread();", "+    } catch (OutOfMemoryError e) {", "+        refuse();")
                .contains(DocsTree.UPDATE_COMMAND));
    }

    @Test
    void theUpdateModeCopiesTheSourceIntoThePageAndLeavesTheRestAlone() throws IOException {
        Files.writeString(page, """
                Before.
                <!-- code: src/Server.java#start -->
                ```java
                stale
                ```
                After.
                """);
        assertThat(tree.update()).containsExactly("docs/page.md:2 src/Server.java#start");
        assertThat(tree.drift("docs/page.md", onlyBlock())).isEmpty();
        assertThat(Files.readString(page)).startsWith("Before.\n<!-- code: src/Server.java#start -->\n```java\nvoid start() {")
                .endsWith("    }\n}\n```\nAfter.\n");
        assertThat(tree.update()).as("a second run finds nothing to copy").isEmpty();
    }

    @Test
    void aMarkerThatNamesNothingFailsAndSaysWhy() throws IOException {
        Files.writeString(page, "<!-- code: src/Server.java#stop -->\n```java\n```\n<!-- code: src/Gone.java -->\n```java\n```\n");
        var blocks = tree.read(page).blocks();
        assertThat(tree.drift("docs/page.md", blocks.get(0))).hasValueSatisfying(m -> assertThat(m)
                .contains("no member 'stop'").contains("Server.start"));
        assertThat(tree.drift("docs/page.md", blocks.get(1))).hasValueSatisfying(m -> assertThat(m)
                .contains("no file src/Gone.java"));
    }

    @Test
    void aWholeFileMarkerQuotesTheFile() throws IOException {
        Files.writeString(page, "<!-- code: src/Server.java -->\n```java\n" + Files.readString(repository.resolve("src/Server.java")) + "```\n");
        assertThat(tree.drift("docs/page.md", onlyBlock())).isEmpty();
    }

    @Test
    void javaWithoutAMarkerIsReportedUnderAnyLabelButShellAndTracesAreNot() throws IOException {
        Files.writeString(page, """
                ```java
                server.serve(client, 0);
                ```

                ```
                server.serve(client, 0);
                ```

                ```sh
                { sleep 0.5; printf 'hello\\n'; } | nc -N 127.0.0.1 2000   # a comment
                14645 02:14:34.898232 read(6, "hello\\n", 16384) = 6
                ```

                ```mermaid
                flowchart LR; A --> B;
                ```

                <!-- code: src/Server.java#start -->

                ```java
                ```
                """);
        assertThat(tree.unmarkedCode("docs/page.md", tree.read(page))).satisfiesExactlyInAnyOrder(
                p -> assertThat(p).startsWith("docs/page.md:1: a ```java block without a marker"),
                p -> assertThat(p).startsWith("docs/page.md:5: a ``` block with a line that looks like Java"),
                p -> assertThat(p).contains("line 18: a marker must be on the line right above"),
                p -> assertThat(p).startsWith("docs/page.md:20: a ```java block without a marker"));
    }

    @Test
    void theRegisteredPatternsAreReadFromEveryModulesServicesFile() throws IOException {
        Path services = repository.resolve("patterns-x/src/main/resources/META-INF/services/dev.serverpatterns.core.ServerPattern");
        Files.createDirectories(services.getParent());
        Files.writeString(services, "# the x family\ndev.x.OneServer\n\ndev.x.TwoServer  \n");
        assertThat(tree.registeredPatternFiles()).containsExactly(
                "patterns-x/src/main/java/dev/x/OneServer.java", "patterns-x/src/main/java/dev/x/TwoServer.java");
    }

    @Test
    void aLinkToAFileThatIsNotThereIsReported() throws IOException {
        Files.writeString(page, """
                [here](../src/Server.java) [there](../src/Gone.java#L3) [web](https://example.com) [anchor](#top)
                ```sh
                [not a link](nowhere)
                ```
                """);
        assertThat(tree.brokenLinks(page)).containsExactly("docs/page.md:1: a link to ../src/Gone.java#L3, which does not exist");
    }
}

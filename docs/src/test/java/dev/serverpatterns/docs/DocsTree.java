package dev.serverpatterns.docs;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import dev.serverpatterns.docs.MarkdownPage.Block;
import dev.serverpatterns.docs.MarkdownPage.Marker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The pages under {@code docs/} and the repository they quote: what each marked excerpt should
 * say, how it differs, which blocks quote code without a marker, which links lead nowhere.
 */
final class DocsTree {

    /** The one command that copies every marked excerpt from its source into its page. */
    static final String UPDATE_COMMAND = "./mvnw -B -ntp -pl docs -am verify -Dtest=DocsSnippetTest "
            + "-Dsurefire.failIfNoSpecifiedTests=false -Dserverpatterns.docs.update=true";

    /** Blocks in these languages are pictures or data, never Java: they are not searched for code. */
    private static final Set<String> NEVER_JAVA = Set.of("mermaid", "xml", "json");
    /**
     * A line that only Java would write: a package or import statement, a type declaration, or a
     * statement or block opener ending in ';' or '{'. (Shell, strace output and tables do not.)
     */
    private static final Pattern JAVA_LINE = Pattern.compile(
            "\\s*(import|package)\\s+[\\w.*]+\\s*;\\s*"
                    + "|\\s*((public|protected|private|abstract|final|static|sealed)\\s+)*(class|interface|record|enum)\\s+[A-Z]\\w*.*"
                    + "|.*[;{]\\s*");
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

    private final Path root;
    private final Path docs;

    /** @param docs the {@code docs} folder; its parent is the repository root that markers are relative to */
    DocsTree(Path docs) {
        this.docs = docs.toAbsolutePath().normalize();
        this.root = this.docs.getParent();
    }

    Path root() {
        return root;
    }

    /** Every Markdown page under docs/, build output left out, in path order. */
    List<Path> pages() {
        try (Stream<Path> files = Files.walk(docs)) {
            return files.filter(p -> p.toString().endsWith(".md"))
                    .filter(p -> !docs.relativize(p).startsWith("target"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A page's path as the repository names it, e.g. {@code docs/patterns/iterative.md}. */
    String name(Path page) {
        return root.relativize(page).toString();
    }

    MarkdownPage read(Path page) {
        try {
            return MarkdownPage.parse(Files.readString(page));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What the block under {@code marker} should say: the named member, dedented, or the whole file.
     *
     * @throws IllegalArgumentException if the file or the member is not there
     */
    String expected(Marker marker) {
        Path file = root.resolve(marker.path()).normalize();
        if (!file.startsWith(root) || !Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no file " + marker.path() + " in the repository");
        }
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (marker.member() == null) {
            return JavaSource.tidy(text.lines().toList());
        }
        try {
            return JavaSource.parse(text).excerpt(marker.member());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(marker.path() + ": " + e.getMessage(), e);
        }
    }

    /** How a marked block differs from its source, as a message that says how to fix it; empty if it does not. */
    Optional<String> drift(String pageName, Block block) {
        String expected;
        try {
            expected = expected(block.marker());
        } catch (IllegalArgumentException e) {
            return Optional.of(pageName + ":" + block.humanLine() + ": the marker <!-- code: " + block.marker().spec()
                    + " --> names nothing that exists: " + e.getMessage());
        }
        if (expected.equals(block.content())) {
            return Optional.empty();
        }
        List<String> page = block.lines();
        List<String> source = expected.lines().toList();
        List<String> diff = UnifiedDiffUtils.generateUnifiedDiff(pageName + " (the page)",
                block.marker().spec() + " (the source)", page, DiffUtils.diff(page, source), 2);
        return Optional.of(pageName + ":" + block.humanLine() + ": the excerpt <!-- code: " + block.marker().spec()
                + " --> no longer matches its source (- the page, + the source):\n"
                + String.join("\n", diff) + "\n"
                + "To copy the source into the page, run\n  " + UPDATE_COMMAND + "\n"
                + "then read the prose around the excerpt again: it may still describe the old code.");
    }

    /** Blocks that quote code but carry no marker, and malformed markers, one message each. */
    List<String> unmarkedCode(String pageName, MarkdownPage page) {
        List<String> problems = new ArrayList<>();
        page.problems().forEach(p -> problems.add(pageName + ": " + p));
        for (Block block : page.blocks()) {
            if (block.marker() != null) {
                continue;
            }
            if (block.language().equals("java")) {
                problems.add(pageName + ":" + block.humanLine() + ": a ```java block without a marker. Quote the "
                        + "source: put <!-- code: PATH#MEMBER --> (or <!-- code: PATH --> for a whole file) on the line "
                        + "above it; a program of the page's own goes in docs/examples/ and is quoted from there");
            } else if (!NEVER_JAVA.contains(block.language())) {
                block.lines().stream().filter(l -> JAVA_LINE.matcher(l).matches()).findFirst().ifPresent(l ->
                        problems.add(pageName + ":" + block.humanLine() + ": a ```" + block.language()
                                + " block with a line that looks like Java (" + l.strip() + "); if it quotes code, "
                                + "make it a ```java block with a marker"));
            }
        }
        return problems;
    }

    /** Relative links outside code blocks that name no file or folder of the repository. */
    List<String> brokenLinks(Path page) {
        List<String> broken = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(page);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<Integer> inBlocks = new java.util.HashSet<>();
        for (Block block : MarkdownPage.parse(String.join("\n", lines)).blocks()) {
            for (int i = block.fenceLine(); i <= block.closeLine(); i++) {
                inBlocks.add(i);
            }
        }
        for (int i = 0; i < lines.size(); i++) {
            if (inBlocks.contains(i)) {
                continue;
            }
            Matcher m = LINK.matcher(lines.get(i));
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("[a-z]+:.*") || target.startsWith("#")) {
                    continue; // another site, or an anchor in this page
                }
                String path = target.replaceFirst("[#?].*$", "");
                if (!Files.exists(page.getParent().resolve(path).normalize())) {
                    broken.add(name(page) + ":" + (i + 1) + ": a link to " + target + ", which does not exist");
                }
            }
        }
        return broken;
    }

    /**
     * The source file of every class that a module registers as a pattern in
     * {@code MODULE/src/main/resources/META-INF/services/dev.serverpatterns.core.ServerPattern}, as a
     * marker would name it, e.g. {@code patterns-blocking/src/main/java/dev/serverpatterns/blocking/IterativeServer.java}.
     */
    List<String> registeredPatternFiles() {
        List<String> files = new ArrayList<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path module : modules.filter(Files::isDirectory).sorted().toList()) {
                Path services = module.resolve("src/main/resources/META-INF/services/dev.serverpatterns.core.ServerPattern");
                if (!Files.isRegularFile(services)) {
                    continue;
                }
                for (String line : Files.readAllLines(services)) {
                    String className = line.replaceFirst("#.*", "").strip();
                    if (!className.isEmpty()) {
                        files.add(root.relativize(module).resolve("src/main/java")
                                .resolve(className.replace('.', '/') + ".java").toString());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /**
     * Copies every marked excerpt from its source into its page (the update mode); a marker that
     * names nothing is left for the check to report.
     *
     * @return the excerpts changed, as {@code page:line member}
     */
    List<String> update() throws IOException {
        List<String> changed = new ArrayList<>();
        for (Path path : pages()) {
            MarkdownPage page = read(path);
            Map<Block, String> replacements = new LinkedHashMap<>();
            for (Block block : page.blocks()) {
                if (block.marker() == null) {
                    continue;
                }
                try {
                    String expected = expected(block.marker());
                    if (!expected.equals(block.content())) {
                        replacements.put(block, expected);
                        changed.add(name(path) + ":" + block.humanLine() + " " + block.marker().spec());
                    }
                } catch (IllegalArgumentException e) {
                    // reported by the check
                }
            }
            if (!replacements.isEmpty()) {
                Files.writeString(path, page.withContents(replacements));
            }
        }
        return changed;
    }
}

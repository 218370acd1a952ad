package dev.serverpatterns.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Markdown page's fenced code blocks, each with the {@code <!-- code: ... -->} marker on the line
 * right above it, if it has one; and the page rewritten with new block contents.
 *
 * <p>A marker names a file relative to the repository root, and optionally one member of it:
 * <pre>
 * &lt;!-- code: patterns-blocking/src/main/java/dev/serverpatterns/blocking/ThreadPerClientServer.java#start --&gt;
 * ```java
 * </pre>
 */
final class MarkdownPage {

    /** {@code <!-- code: PATH -->} or {@code <!-- code: PATH#MEMBER -->}, alone on its line. */
    static final Pattern MARKER = Pattern.compile("\\s*<!--\\s*code:\\s*([^#\\s]+)(?:#(\\S+))?\\s*-->\\s*");
    private static final Pattern ANY_MARKER = Pattern.compile("\\s*<!--\\s*code:.*");
    private static final Pattern FENCE = Pattern.compile("( {0,3})(`{3,}|~{3,})\\s*([\\w+-]*).*");

    /** A marker: what the block below it quotes. {@code member} is null for a whole file. */
    record Marker(String path, String member) {
        /** As written in the page, e.g. {@code core/.../SessionDriver.java#Next}. */
        String spec() {
            return member == null ? path : path + "#" + member;
        }
    }

    /**
     * One fenced block: its fence is on line {@code fenceLine} (0-based), its content is
     * {@code lines}, its closing fence on line {@code closeLine}; {@code marker} may be null.
     */
    record Block(int fenceLine, int closeLine, String language, List<String> lines, Marker marker) {
        /** 1-based, as an editor shows it: the marker's line if there is one, else the fence's. */
        int humanLine() {
            return marker == null ? fenceLine + 1 : fenceLine;
        }

        String content() {
            return String.join("\n", lines);
        }
    }

    private final List<String> lines;
    private final List<Block> blocks = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    private MarkdownPage(List<String> lines) {
        this.lines = List.copyOf(lines);
        parse();
    }

    static MarkdownPage parse(String text) {
        return new MarkdownPage(text.lines().toList());
    }

    List<Block> blocks() {
        return blocks;
    }

    /** What is malformed: a marker with no Java block right below it, a fence never closed. */
    List<String> problems() {
        return problems;
    }

    /** The page with the given blocks' contents replaced; every other line as it was. */
    String withContents(Map<Block, String> replacements) {
        List<String> out = new ArrayList<>();
        int next = 0;
        for (Block block : blocks) {
            String replacement = replacements.get(block);
            if (replacement == null) {
                continue;
            }
            out.addAll(lines.subList(next, block.fenceLine() + 1));
            out.addAll(replacement.lines().toList());
            next = block.closeLine();
        }
        out.addAll(lines.subList(next, lines.size()));
        return String.join("\n", out) + "\n";
    }

    private void parse() {
        int i = 0;
        while (i < lines.size()) {
            Matcher fence = FENCE.matcher(lines.get(i));
            if (!fence.matches()) {
                if (ANY_MARKER.matcher(lines.get(i)).matches()) {
                    checkMarkerPlacement(i);
                }
                i++;
                continue;
            }
            String delimiter = fence.group(2);
            int close = i + 1;
            while (close < lines.size() && !isClosing(lines.get(close), delimiter)) {
                close++;
            }
            if (close == lines.size()) {
                problems.add("line " + (i + 1) + ": a code fence that is never closed");
                return;
            }
            Marker marker = i > 0 ? markerOn(lines.get(i - 1)) : null;
            blocks.add(new Block(i, close, fence.group(3), lines.subList(i + 1, close), marker));
            i = close + 1;
        }
    }

    private void checkMarkerPlacement(int line) {
        if (markerOn(lines.get(line)) == null) {
            problems.add("line " + (line + 1) + ": a malformed marker; write <!-- code: PATH --> or "
                    + "<!-- code: PATH#MEMBER --> alone on its line");
            return;
        }
        boolean javaBelow = line + 1 < lines.size() && FENCE.matcher(lines.get(line + 1)).matches()
                && lines.get(line + 1).strip().replaceAll("^[`~]+\\s*", "").startsWith("java");
        if (!javaBelow) {
            problems.add("line " + (line + 1) + ": a marker must be on the line right above the ```java block it checks");
        }
    }

    private static Marker markerOn(String line) {
        Matcher m = MARKER.matcher(line);
        return m.matches() ? new Marker(m.group(1), m.group(2)) : null;
    }

    private static boolean isClosing(String line, String delimiter) {
        String stripped = line.strip();
        return stripped.length() >= delimiter.length() && stripped.chars().allMatch(c -> c == delimiter.charAt(0));
    }
}

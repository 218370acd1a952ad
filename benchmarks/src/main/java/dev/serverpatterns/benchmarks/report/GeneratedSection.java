package dev.serverpatterns.benchmarks.report;

import java.util.Optional;

/**
 * A region of a hand-written Markdown page that the report owns, between two HTML comments that
 * Markdown does not show: {@code <!-- generated:NAME:begin -->} and {@code <!-- generated:NAME:end -->}.
 * Everything outside them is the page author's and is left as it is.
 */
final class GeneratedSection {

    private GeneratedSection() {
    }

    static String begin(String name) {
        return "<!-- generated:" + name + ":begin -->";
    }

    static String end(String name) {
        return "<!-- generated:" + name + ":end -->";
    }

    /**
     * {@code text} with the section {@code name} holding {@code content} (whole lines); empty if the
     * text does not have the two markers, in order, each once.
     */
    static Optional<String> replace(String text, String name, String content) {
        String begin = begin(name);
        String end = end(name);
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from < 0 || to < from || text.indexOf(begin, from + 1) >= 0 || text.indexOf(end, to + 1) >= 0) {
            return Optional.empty();
        }
        String body = content.endsWith("\n") ? content : content + "\n";
        return Optional.of(text.substring(0, from + begin.length()) + "\n" + body + text.substring(to));
    }
}

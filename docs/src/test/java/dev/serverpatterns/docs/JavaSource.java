package dev.serverpatterns.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One Java source file, cut into its members (types, methods, constructors, fields) so that a doc
 * page can quote one by name: {@code ThreadPerClientServer.java#start}, {@code SessionDriver.Next}.
 *
 * <pre>
 * Overview (for implementers).
 * Not a Java parser, and it does not need to be: it reads the project's own, compiling sources.
 * A lexer first marks every character as code, comment or literal (strings, text blocks,
 * characters), so that a brace or a semicolon inside a comment or a string is never counted.
 * Then each type body is cut into members: a member starts at its first token after any comment
 * (so its Javadoc is left to the page's prose, its annotations are kept) and ends at a ';' outside
 * brackets, or at the '}' that closes its body; a '{' after an '=' (an array initializer, a lambda,
 * an anonymous class) belongs to a field's initializer. The header before the body names it.
 * Type bodies are cut again, recursively; method bodies never are.
 * </pre>
 */
final class JavaSource {

    enum Kind { TYPE, METHOD, CONSTRUCTOR, FIELD, OTHER }

    /** A member: {@code text.substring(start, end)} is its declaration, from its first token to its last. */
    record Member(Kind kind, String name, List<String> enclosing, int start, int end) {
        String qualifiedName() {
            return enclosing.isEmpty() ? name : String.join(".", enclosing) + "." + name;
        }
    }

    private static final byte CODE = 0;
    private static final byte COMMENT = 1;
    private static final byte LITERAL = 2;
    private static final Set<String> TYPE_KEYWORDS = Set.of("class", "interface", "enum", "record");

    private final String text;
    private final byte[] kinds;
    private final List<Member> members = new ArrayList<>();

    private JavaSource(String text) {
        this.text = text;
        this.kinds = lex(text);
        parseBody(0, text.length(), List.of(), false);
    }

    static JavaSource parse(String text) {
        return new JavaSource(text);
    }

    List<Member> members() {
        return members;
    }

    /** The whole file, each line without trailing white space, without trailing blank lines. */
    String whole() {
        return tidy(text.lines().toList());
    }

    /**
     * The member that {@code selector} names, dedented: a simple name ({@code start}), or one
     * qualified by enclosing types ({@code SessionDriver.Next}, {@code Session.receive}). An
     * unqualified type name means the type, not its constructors ({@code Type.Type} names those).
     *
     * @throws IllegalArgumentException if it names no member, or more than one (overloads)
     */
    String excerpt(String selector) {
        Member member = find(selector);
        int from = lineStart(member.start());
        if (!text.substring(from, member.start()).isBlank()) {
            from = member.start(); // something else precedes it on its line: quote from its first token
        }
        int lineEnd = text.indexOf('\n', member.end());
        lineEnd = lineEnd < 0 ? text.length() : lineEnd;
        String rest = text.substring(member.end(), lineEnd);
        int to = rest.isBlank() || rest.strip().startsWith("//") ? lineEnd : member.end(); // keep a trailing comment
        return dedent(text.substring(from, to).lines().toList());
    }

    Member find(String selector) {
        List<String> parts = List.of(selector.split("\\."));
        String name = parts.getLast();
        List<String> qualifiers = parts.subList(0, parts.size() - 1);
        List<Member> found = members.stream()
                .filter(m -> name.equals(m.name()))
                .filter(m -> qualifiers.isEmpty() ? m.kind() != Kind.CONSTRUCTOR : endsWith(m.enclosing(), qualifiers))
                .toList();
        if (found.isEmpty()) {
            throw new IllegalArgumentException("no member '" + selector + "'; the members are: "
                    + members.stream().filter(m -> m.name() != null).map(Member::qualifiedName)
                            .distinct().collect(Collectors.joining(", ")));
        }
        if (found.size() > 1) {
            throw new IllegalArgumentException("'" + selector + "' names " + found.size() + " members (lines "
                    + found.stream().map(m -> Integer.toString(lineOf(m.start()))).collect(Collectors.joining(", "))
                    + "): qualify it with its enclosing type (Type.member); overloads cannot be told apart, "
                    + "so quote the type that holds them");
        }
        return found.getFirst();
    }

    /** 1-based line number of a character index. */
    int lineOf(int index) {
        int line = 1;
        for (int i = 0; i < index; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    // Cutting bodies into members --------------------------------------------------------------

    private void parseBody(int from, int to, List<String> enclosing, boolean isEnum) {
        int i = isEnum ? endOfEnumConstants(from, to) : from;
        while (true) {
            i = skipBlank(i, to);
            if (i >= to) {
                return;
            }
            if (text.charAt(i) == ';') {
                i++;
                continue;
            }
            int start = i;
            int depth = 0;
            int headerEnd = -1;
            char headerEndChar = 0;
            int bodyOpen = -1;
            int end = to - 1;
            for (int j = i; j < to; j++) {
                if (kinds[j] != CODE) {
                    continue;
                }
                char c = text.charAt(j);
                if (c == '(' || c == '[') {
                    depth++;
                } else if (c == ')' || c == ']') {
                    depth--;
                } else if (depth == 0 && c == '=' && headerEnd < 0) {
                    headerEnd = j;
                    headerEndChar = '=';
                } else if (depth == 0 && c == '{') {
                    if (headerEnd < 0) {
                        headerEnd = j;
                        headerEndChar = '{';
                        bodyOpen = j;
                        end = matchingBrace(j, to);
                        break;
                    }
                    j = matchingBrace(j, to); // an initializer's braces: an array, a lambda, an anonymous class
                } else if (depth == 0 && c == ';') {
                    if (headerEnd < 0) {
                        headerEnd = j;
                        headerEndChar = ';';
                    }
                    end = j;
                    break;
                }
            }
            if (headerEnd < 0) {
                headerEnd = to;
            }
            Member member = classify(tokens(start, headerEnd), headerEndChar, enclosing, start, end + 1);
            members.add(member);
            if (member.kind() == Kind.TYPE && bodyOpen >= 0) {
                List<String> inner = new ArrayList<>(enclosing);
                inner.add(member.name());
                boolean innerIsEnum = tokens(start, headerEnd).contains("enum");
                parseBody(bodyOpen + 1, end, List.copyOf(inner), innerIsEnum);
            }
            i = end + 1;
        }
    }

    private Member classify(List<String> header, char endChar, List<String> enclosing, int start, int end) {
        if (header.isEmpty() || header.getFirst().equals("package") || header.getFirst().equals("import")) {
            return new Member(Kind.OTHER, null, enclosing, start, end);
        }
        for (int k = 0; k + 1 < header.size(); k++) {
            if ((TYPE_KEYWORDS.contains(header.get(k)) || header.get(k).equals("@interface"))
                    && isIdentifier(header.get(k + 1))) {
                return new Member(Kind.TYPE, header.get(k + 1), enclosing, start, end);
            }
        }
        String enclosingType = enclosing.isEmpty() ? null : enclosing.getLast();
        int paren = header.indexOf("(");
        if (paren > 0 && isIdentifier(header.get(paren - 1))) {
            String name = header.get(paren - 1);
            return new Member(name.equals(enclosingType) ? Kind.CONSTRUCTOR : Kind.METHOD, name, enclosing, start, end);
        }
        String last = header.reversed().stream().filter(JavaSource::isIdentifier).findFirst().orElse(null);
        if (endChar == ';' || endChar == '=') {
            return new Member(Kind.FIELD, last, enclosing, start, end);
        }
        if (last != null && last.equals(enclosingType)) {
            return new Member(Kind.CONSTRUCTOR, last, enclosing, start, end); // a record's compact constructor
        }
        return new Member(Kind.OTHER, null, enclosing, start, end); // an initializer block
    }

    /** The header's code tokens (identifiers and single symbols), annotations left out. */
    private List<String> tokens(int from, int to) {
        List<String> raw = new ArrayList<>();
        int i = from;
        while (i < to) {
            char c = text.charAt(i);
            if (kinds[i] != CODE || Character.isWhitespace(c)) {
                i++;
            } else if (Character.isJavaIdentifierStart(c)) {
                int j = i;
                while (j < to && kinds[j] == CODE && Character.isJavaIdentifierPart(text.charAt(j))) {
                    j++;
                }
                raw.add(text.substring(i, j));
                i = j;
            } else {
                raw.add(String.valueOf(c));
                i++;
            }
        }
        List<String> tokens = new ArrayList<>();
        for (int k = 0; k < raw.size(); k++) {
            if (raw.get(k).equals("@") && k + 1 < raw.size() && raw.get(k + 1).equals("interface")) {
                tokens.add("@interface");
                k++;
            } else if (raw.get(k).equals("@")) {
                k++; // the annotation's name, possibly qualified, then its arguments
                while (k + 2 < raw.size() && raw.get(k + 1).equals(".")) {
                    k += 2;
                }
                if (k + 1 < raw.size() && raw.get(k + 1).equals("(")) {
                    int depth = 0;
                    do {
                        k++;
                        depth += raw.get(k).equals("(") ? 1 : raw.get(k).equals(")") ? -1 : 0;
                    } while (depth > 0 && k + 1 < raw.size());
                }
            } else {
                tokens.add(raw.get(k));
            }
        }
        return tokens;
    }

    private int endOfEnumConstants(int from, int to) {
        int depth = 0;
        for (int j = from; j < to; j++) {
            if (kinds[j] != CODE) {
                continue;
            }
            char c = text.charAt(j);
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            } else if (c == ';' && depth == 0) {
                return j + 1;
            }
        }
        return to;
    }

    private int matchingBrace(int open, int to) {
        int depth = 0;
        for (int j = open; j < to; j++) {
            if (kinds[j] != CODE) {
                continue;
            }
            char c = text.charAt(j);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return j;
            }
        }
        throw new IllegalArgumentException("unbalanced braces from line " + lineOf(open));
    }

    private int skipBlank(int i, int to) {
        while (i < to && (kinds[i] == COMMENT || Character.isWhitespace(text.charAt(i)))) {
            i++;
        }
        return i;
    }

    private int lineStart(int index) {
        return text.lastIndexOf('\n', index - 1) + 1;
    }

    // The lexer --------------------------------------------------------------------------------

    /** Marks each character as code, comment or literal. */
    private static byte[] lex(String text) {
        byte[] kinds = new byte[text.length()];
        int i = 0;
        while (i < text.length()) {
            int end;
            byte kind;
            if (text.startsWith("//", i)) {
                end = text.indexOf('\n', i);
                end = end < 0 ? text.length() : end;
                kind = COMMENT;
            } else if (text.startsWith("/*", i)) {
                end = text.indexOf("*/", i + 2);
                end = end < 0 ? text.length() : end + 2;
                kind = COMMENT;
            } else if (text.startsWith("\"\"\"", i)) {
                end = closing(text, i + 3, "\"\"\"");
                kind = LITERAL;
            } else if (text.charAt(i) == '"' || text.charAt(i) == '\'') {
                end = closing(text, i + 1, String.valueOf(text.charAt(i)));
                kind = LITERAL;
            } else {
                i++;
                continue;
            }
            for (int j = i; j < end; j++) {
                kinds[j] = kind;
            }
            i = end;
        }
        return kinds;
    }

    /** The index just past the unescaped {@code quote} that closes a literal starting at {@code from}. */
    private static int closing(String text, int from, String quote) {
        int i = from;
        while (i < text.length()) {
            if (text.charAt(i) == '\\') {
                i += 2;
            } else if (text.startsWith(quote, i)) {
                return i + quote.length();
            } else {
                i++;
            }
        }
        return text.length();
    }

    // Text -------------------------------------------------------------------------------------

    private static boolean isIdentifier(String token) {
        return !token.isEmpty() && Character.isJavaIdentifierStart(token.charAt(0));
    }

    private static boolean endsWith(List<String> list, List<String> suffix) {
        return list.size() >= suffix.size() && list.subList(list.size() - suffix.size(), list.size()).equals(suffix);
    }

    /** Removes the indentation all non-blank lines share. */
    static String dedent(List<String> lines) {
        int indent = lines.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        return tidy(lines.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).toList());
    }

    /** Strips trailing white space from each line and drops trailing blank lines. */
    static String tidy(List<String> lines) {
        List<String> kept = new ArrayList<>(lines.stream().map(String::stripTrailing).toList());
        while (!kept.isEmpty() && kept.getLast().isEmpty()) {
            kept.removeLast();
        }
        return String.join("\n", kept);
    }
}

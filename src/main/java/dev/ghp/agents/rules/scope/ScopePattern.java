package dev.ghp.agents.rules.scope;

import dev.ghp.agents.errors.UsageException;
import dev.ghp.agents.text.Printable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One gitignore-style pattern of a file scope ({@code --files}), compiled to a small automaton over
 * the characters of a repository path. A pattern <em>covers</em> a path when it matches the path or
 * one of the directories above it, as in {@code .gitignore}, where ignoring a directory ignores all
 * of it; except that a pattern whose last name has an extension ({@link #namesFiles()}) names files
 * and covers only the paths it matches. Rules (those of {@code gitignore(5)}):
 * <ul>
 *   <li>a slash at the start or in the middle anchors the pattern at the repository root;
 *       otherwise a glob matches at any depth ({@code *.md} covers {@code a/b/c.md}). A path
 *       without a wildcard is anchored too ({@code README.md} is {@code /README.md}; write
 *       {@code **}{@code /README.md} for every one): ghp's departure from gitignore, because a
 *       person who writes a path means that path;</li>
 *   <li>a trailing slash matches directories only ({@code build/} covers {@code x/build/out.o},
 *       not a file named {@code build});</li>
 *   <li>{@code *} matches within one path segment, {@code ?} one character but {@code /},
 *       {@code [a-z]}, {@code [!a-z]} and {@code [[:digit:]]} one character of a class;</li>
 *   <li>{@code **} as a whole segment matches any number of directories: {@code **}{@code /x},
 *       {@code a/**}, {@code a/**}{@code /b}; elsewhere it is a plain {@code *};</li>
 *   <li>{@code \} escapes the next character. Matching is case-sensitive.</li>
 * </ul>
 * Negation ({@code !}), comments ({@code #}) and {@code .}/{@code ..} segments are refused: a scope
 * is a positive claim, relative to the repository root.
 */
public final class ScopePattern {
    public static final int MAX_LENGTH = 256;
    private static final Map<String, String> POSIX_CLASSES = Map.ofEntries(
            Map.entry("alnum", "a-zA-Z0-9"), Map.entry("alpha", "a-zA-Z"), Map.entry("blank", " \t"),
            Map.entry("cntrl", "\u0000-\u001f\u007f"), Map.entry("digit", "0-9"), Map.entry("graph", "!-~"),
            Map.entry("lower", "a-z"), Map.entry("print", " -~"), Map.entry("punct", "!-/:-@[-`{-~"),
            Map.entry("space", " \t\n\u000b\f\r"), Map.entry("upper", "A-Z"), Map.entry("xdigit", "0-9a-fA-F"));

    private final String text;
    private final String canonical;
    private final Nfa nfa;
    private final boolean namesFiles;

    private ScopePattern(String text, String canonical, Nfa nfa, boolean namesFiles) {
        this.text = text;
        this.canonical = canonical;
        this.nfa = nfa;
        this.namesFiles = namesFiles;
    }

    /**
     * Whether the pattern names files only: its last name ends in an extension ({@code README.md},
     * {@code Parser.java}, {@code *.java}). Such a pattern covers the files it matches, not paths inside
     * a directory of that name: {@code README.md} and {@code src/parser/Parser.java} do not overlap
     * through {@code src/parser/Parser.java/README.md}, which no one means. Every other pattern names
     * files or directories, and a directory covers everything inside it, as in gitignore.
     */
    public boolean namesFiles() {
        return namesFiles;
    }

    /** Whether the pattern has no wildcard: no unescaped '*', '?' or '['. */
    private static boolean isLiteral(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '*' || c == '?' || c == '[') {
                return false;
            }
        }
        return true;
    }

    /** A last name with something before a final dot and letters, digits, '_', '-', '+' or '~' after it. */
    private static boolean namesFiles(String lastSegment) {
        int dot = lastSegment.lastIndexOf('.');
        if (lastSegment.equals("**") || dot <= 0 || dot == lastSegment.length() - 1 || lastSegment.charAt(dot - 1) == '\\') {
            return false;
        }
        return lastSegment.substring(dot + 1).chars().allMatch(c -> Character.isLetterOrDigit(c) || "_-+~".indexOf(c) >= 0);
    }

    /**
     * Parses a pattern as a user typed it.
     *
     * @throws UsageException when it is empty, too long, negated, or not a valid pattern
     */
    public static ScopePattern parse(String input) {
        return parse(input, "--files pattern");
    }

    /**
     * As {@link #parse(String)}, naming the pattern in errors as {@code what} (the option or the
     * setting it came from), so that a bad {@code agents.sharedFiles} entry is not called a {@code --files} pattern.
     */
    public static ScopePattern parse(String input, String what) {
        if (input == null || input.isBlank()) {
            throw new UsageException(what.equals("--files pattern") ? "--files takes a non-empty pattern" : what + " is empty",
                    "write it like src/parser/** or *.md");
        }
        String text = input.strip();
        String shown = Printable.quote(text);
        if (text.length() > MAX_LENGTH) {
            throw new UsageException(what + " is longer than " + MAX_LENGTH + " characters: '" + shown + "'");
        }
        if (text.codePoints().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new UsageException(what + " contains control characters: '" + shown + "'");
        }
        if (text.startsWith("!")) {
            throw new UsageException(what + " '" + shown + "' is a negation; a file scope only claims",
                    "list what you claim, e.g. --files 'src/**' --files 'docs/api.md'");
        }
        if (text.startsWith("#")) {
            throw new UsageException(what + " '" + shown + "' starts with '#', a comment in gitignore",
                    "escape it: \\#name");
        }
        boolean dirOnly = false;
        while (text.endsWith("/") && !escaped(text, text.length() - 1)) {
            dirOnly = true;
            text = text.substring(0, text.length() - 1);
        }
        boolean leadingSlash = text.startsWith("/");
        List<String> segments = new ArrayList<>();
        for (String s : splitSegments(text)) {
            if (!s.isEmpty()) {
                segments.add(s);
            }
        }
        if (segments.isEmpty()) {
            throw new UsageException(what + " '" + shown + "' names no file",
                    "to claim the whole repository write: --files '**'");
        }
        for (String s : segments) {
            if (s.equals(".") || s.equals("..")) {
                throw new UsageException(what + " '" + shown + "' has a '" + s + "' segment",
                        "patterns are relative to the repository root: write src/** rather than ./src/**");
            }
        }
        // A path written without a wildcard is read as a person reads it: that path from the root
        // (README.md is the top-level README, as /README.md), not every file of that name in the tree.
        boolean anchored = leadingSlash || segments.size() > 1 || isLiteral(text);
        List<List<Token>> tokens = new ArrayList<>();
        for (String s : segments) {
            tokens.add(s.equals("**") ? null : tokenize(s, shown));
        }
        String canonical = (anchored && segments.size() == 1 ? "/" : "") + String.join("/", segments) + (dirOnly ? "/" : "");
        boolean namesFiles = !dirOnly && namesFiles(segments.get(segments.size() - 1));
        return new ScopePattern(input.strip(), canonical, compile(tokens, anchored, dirOnly, namesFiles), namesFiles);
    }

    /** The pattern as the user wrote it (trimmed). */
    public String text() {
        return text;
    }

    /** A normal form: two patterns with the same one claim exactly the same paths ({@code a//b/} = {@code a/b/}). */
    public String canonical() {
        return canonical;
    }

    /** Whether this pattern covers the path (relative to the repository root, '/'-separated). */
    public boolean covers(String path) {
        if (!isValidPath(path)) {
            return false;
        }
        BitSet current = nfa.closure(BitSet.valueOf(new long[0]), nfa.start);
        for (int i = 0; i < path.length(); ) {
            int c = path.codePointAt(i);
            i += Character.charCount(c);
            BitSet next = new BitSet();
            for (int s = current.nextSetBit(0); s >= 0; s = current.nextSetBit(s + 1)) {
                for (Edge e : nfa.edges.get(s)) {
                    if (e.set.contains(c)) {
                        nfa.closure(next, e.to);
                    }
                }
            }
            if (next.isEmpty()) {
                return false;
            }
            current = next;
        }
        for (int s = current.nextSetBit(0); s >= 0; s = current.nextSetBit(s + 1)) {
            if (nfa.accept.get(s)) {
                return true;
            }
        }
        return false;
    }

    /** A path as git stores it: non-empty segments separated by single slashes. */
    public static boolean isValidPath(String path) {
        if (path == null || path.isEmpty() || path.startsWith("/") || path.endsWith("/") || path.contains("//")) {
            return false;
        }
        return path.indexOf('\0') < 0;
    }

    Nfa nfa() {
        return nfa;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScopePattern p && p.canonical.equals(canonical);
    }

    @Override
    public int hashCode() {
        return Objects.hash(canonical);
    }

    @Override
    public String toString() {
        return text;
    }

    // ---- parsing -------------------------------------------------------------------------------

    private static boolean escaped(String s, int index) {
        int backslashes = 0;
        for (int i = index - 1; i >= 0 && s.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    private static List<String> splitSegments(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                cur.append(c).append(text.charAt(++i));
            } else if (c == '/') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }

    /** One step of a segment: a set of characters, or a star (any run of characters but '/'). */
    private record Token(CharSet set, boolean star) {
    }

    private static List<Token> tokenize(String seg, String shown) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < seg.length()) {
            int c = seg.codePointAt(i);
            if (c == '\\') {
                if (i + 1 >= seg.length()) {
                    throw new UsageException("--files pattern '" + shown + "' ends with a lone backslash");
                }
                int lit = seg.codePointAt(i + 1);
                out.add(new Token(CharSet.of(lit), false));
                i += 1 + Character.charCount(lit);
            } else if (c == '*') {
                while (i < seg.length() && seg.charAt(i) == '*') {
                    i++;
                }
                out.add(new Token(null, true));
            } else if (c == '?') {
                out.add(new Token(CharSet.NOT_SLASH, false));
                i++;
            } else if (c == '[') {
                int[] end = new int[1];
                out.add(new Token(bracket(seg, i, end, shown), false));
                i = end[0];
            } else {
                out.add(new Token(CharSet.of(c), false));
                i += Character.charCount(c);
            }
        }
        return out;
    }

    /** Parses {@code [...]} starting at {@code open}; stores the index after {@code ]} in {@code end[0]}. */
    private static CharSet bracket(String seg, int open, int[] end, String shown) {
        int j = open + 1;
        boolean negate = j < seg.length() && (seg.charAt(j) == '!' || seg.charAt(j) == '^');
        if (negate) {
            j++;
        }
        List<int[]> parts = new ArrayList<>();
        boolean first = true;
        while (true) {
            if (j >= seg.length()) {
                throw new UsageException("--files pattern '" + shown + "' has a '[' without its ']'",
                        "escape a literal bracket: \\[");
            }
            int c = seg.codePointAt(j);
            if (c == ']' && !first) {
                j++;
                break;
            }
            first = false;
            if (c == '[' && j + 1 < seg.length() && seg.charAt(j + 1) == ':') {
                int close = seg.indexOf(":]", j + 2);
                String name = close < 0 ? null : seg.substring(j + 2, close);
                String ranges = name == null ? null : POSIX_CLASSES.get(name);
                if (ranges == null) {
                    throw new UsageException("--files pattern '" + shown + "' has an unknown character class",
                            "known: [:alpha:], [:digit:], [:alnum:], [:lower:], [:upper:], [:space:], …");
                }
                addRanges(ranges, parts);
                j = close + 2;
                continue;
            }
            int lo = c;
            j += Character.charCount(c);
            if (lo == '\\' && j < seg.length()) {
                lo = seg.codePointAt(j);
                j += Character.charCount(lo);
            }
            int hi = lo;
            if (j + 1 < seg.length() && seg.charAt(j) == '-' && seg.charAt(j + 1) != ']') {
                j++;
                hi = seg.codePointAt(j);
                j += Character.charCount(hi);
                if (hi == '\\' && j < seg.length()) {
                    hi = seg.codePointAt(j);
                    j += Character.charCount(hi);
                }
                if (hi < lo) {
                    throw new UsageException("--files pattern '" + shown + "' has a reversed range "
                            + new String(Character.toChars(lo)) + "-" + new String(Character.toChars(hi)));
                }
            }
            parts.add(new int[]{lo, hi});
        }
        end[0] = j;
        CharSet set = CharSet.union(parts);
        return (negate ? set.complement() : set).withoutSlash();
    }

    private static void addRanges(String spec, List<int[]> into) {
        for (int i = 0; i < spec.length(); i++) {
            char lo = spec.charAt(i);
            if (i + 2 < spec.length() && spec.charAt(i + 1) == '-') {
                into.add(new int[]{lo, spec.charAt(i + 2)});
                i += 2;
            } else {
                into.add(new int[]{lo, lo});
            }
        }
    }

    // ---- the automaton -------------------------------------------------------------------------

    record Edge(CharSet set, int to) {
    }

    /** A nondeterministic automaton: character edges, epsilon moves, accepting states. */
    static final class Nfa {
        final List<List<Edge>> edges = new ArrayList<>();
        final List<List<Integer>> epsilon = new ArrayList<>();
        final BitSet accept = new BitSet();
        int start;

        int state() {
            edges.add(new ArrayList<>());
            epsilon.add(new ArrayList<>());
            return edges.size() - 1;
        }

        void edge(int from, CharSet set, int to) {
            edges.get(from).add(new Edge(set, to));
        }

        void eps(int from, int to) {
            epsilon.get(from).add(to);
        }

        int size() {
            return edges.size();
        }

        private BitSet[] closures;

        /** {@code state} and everything reachable from it by epsilon moves (computed once; do not modify). */
        BitSet closure(int state) {
            if (closures == null) {
                closures = new BitSet[size()];
            }
            if (closures[state] == null) {
                closures[state] = closure(new BitSet(), state);
            }
            return closures[state];
        }

        /** Adds {@code state} and everything reachable from it by epsilon moves to {@code into}. */
        BitSet closure(BitSet into, int state) {
            Deque<Integer> todo = new ArrayDeque<>();
            todo.push(state);
            while (!todo.isEmpty()) {
                int s = todo.pop();
                if (!into.get(s)) {
                    into.set(s);
                    epsilon.get(s).forEach(todo::push);
                }
            }
            return into;
        }
    }

    /**
     * Builds the automaton of the paths the pattern covers. {@code segments} holds null for a
     * {@code **} segment. An unanchored pattern gets a leading {@code **}.
     */
    private static Nfa compile(List<List<Token>> segments, boolean anchored, boolean dirOnly, boolean namesFiles) {
        List<List<Token>> segs = new ArrayList<>();
        if (!anchored) {
            segs.add(null);
        }
        for (List<Token> s : segments) {
            if (s == null && !segs.isEmpty() && segs.get(segs.size() - 1) == null) {
                continue; // a/**/**/b is a/**/b
            }
            segs.add(s);
        }
        Nfa n = new Nfa();
        n.start = n.state();
        int cur = n.start;
        if (segs.size() == 1 && segs.get(0) == null) {
            // "**" alone: every path; "**/" every path inside a directory.
            int any = n.state();
            n.edge(cur, CharSet.ANY, any);
            n.edge(any, CharSet.ANY, any);
            cur = any;
        } else {
            boolean atSegmentStart = true;
            for (int i = 0; i < segs.size(); i++) {
                List<Token> seg = segs.get(i);
                if (seg == null) {
                    if (i == 0) {
                        // leading **/: zero or more whole directories, then the next segment
                        int next = n.state();
                        anyDirectories(n, cur, next);
                        cur = next;
                        atSegmentStart = true;
                    } else if (i == segs.size() - 1) {
                        // trailing /**: everything inside
                        int slash = n.state();
                        int any = n.state();
                        n.edge(cur, CharSet.SLASH, slash);
                        n.edge(slash, CharSet.ANY, any);
                        n.edge(any, CharSet.ANY, any);
                        cur = any;
                        atSegmentStart = false;
                    } else {
                        // /**/: a slash, then zero or more whole directories
                        int slash = n.state();
                        int next = n.state();
                        n.edge(cur, CharSet.SLASH, slash);
                        anyDirectories(n, slash, next);
                        cur = next;
                        atSegmentStart = true;
                    }
                    continue;
                }
                if (!atSegmentStart) {
                    int slash = n.state();
                    n.edge(cur, CharSet.SLASH, slash);
                    cur = slash;
                }
                for (Token t : seg) {
                    int next = n.state();
                    if (t.star()) {
                        n.eps(cur, next);
                        n.edge(next, CharSet.NOT_SLASH, next);
                    } else {
                        n.edge(cur, t.set(), next);
                    }
                    cur = next;
                }
                atSegmentStart = false;
            }
        }
        if (!dirOnly) {
            n.accept.set(cur);
        }
        if (namesFiles) {
            return n;
        }
        // Covering: whatever the pattern names, everything inside it too.
        int slash = n.state();
        int inside = n.state();
        n.edge(cur, CharSet.SLASH, slash);
        n.edge(slash, CharSet.ANY, inside);
        n.edge(inside, CharSet.ANY, inside);
        n.accept.set(inside);
        return n;
    }

    /** From {@code from}, zero or more "name/" groups, arriving at {@code to}. */
    private static void anyDirectories(Nfa n, int from, int to) {
        int loop = n.state();
        n.eps(from, to);
        n.edge(from, CharSet.ANY, loop);
        n.edge(loop, CharSet.ANY, loop);
        n.edge(loop, CharSet.SLASH, to);
    }
}

package dev.ghp.agents.handoff;

import dev.ghp.agents.text.Printable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Untrusted text made safe for a Markdown document that is also printed to a terminal: control
 * characters neutralised line by line (newlines kept where a block allows them), lengths bounded,
 * code spans fenced so that backticks in a path cannot break out of them.
 */
public final class MarkdownText {
    private static final Pattern BACKTICKS = Pattern.compile("`+");

    private MarkdownText() {
    }

    /** One line: neutralised and cut to {@code max} characters (code points) with an ellipsis. */
    public static String line(String text, int max) {
        return cut(Printable.line(text == null ? "" : text.strip()), max);
    }

    /** Several lines, each neutralised; at most {@code maxLines} lines and {@code maxChars} characters. */
    public static Block block(String text, int maxLines, int maxChars) {
        if (text == null || text.isBlank()) {
            return new Block("", false);
        }
        String[] lines = text.replace("\r\n", "\n").replace('\r', '\n').strip().split("\n", -1);
        StringBuilder out = new StringBuilder();
        boolean cut = false;
        int used = 0;
        for (int i = 0; i < lines.length; i++) {
            if (i >= maxLines) {
                cut = true;
                break;
            }
            String clean = Printable.line(lines[i].stripTrailing());
            int room = maxChars - used;
            if (clean.codePointCount(0, clean.length()) > room) {
                out.append(cut(clean, Math.max(room, 1)));
                cut = true;
                break;
            }
            out.append(clean).append('\n');
            used += clean.codePointCount(0, clean.length()) + 1;
        }
        return new Block(out.toString().stripTrailing(), cut);
    }

    /** Text as a Markdown block quote: {@code > } before every line (an empty quote line for blank ones). */
    public static String quote(String block) {
        StringBuilder out = new StringBuilder();
        for (String l : block.split("\n", -1)) {
            out.append(l.isEmpty() ? ">" : "> " + l).append('\n');
        }
        return out.toString();
    }

    /** An inline code span that holds any text, backticks included (CommonMark: a longer fence). */
    public static String code(String text) {
        String clean = Printable.line(text == null ? "" : text);
        int longest = 0;
        Matcher m = BACKTICKS.matcher(clean);
        while (m.find()) {
            longest = Math.max(longest, m.group().length());
        }
        String fence = "`".repeat(longest + 1);
        boolean pad = clean.startsWith("`") || clean.endsWith("`") || clean.isEmpty();
        return fence + (pad ? " " + clean + " " : clean) + fence;
    }

    /** Neutralises a whole stored document for the terminal, keeping its line structure. */
    public static String forTerminal(String document) {
        StringBuilder out = new StringBuilder(document.length());
        String[] lines = document.replace("\r\n", "\n").split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            out.append(Printable.line(lines[i]));
            if (i < lines.length - 1) {
                out.append('\n');
            }
        }
        return out.toString();
    }

    static String cut(String s, int max) {
        if (s.codePointCount(0, s.length()) <= max) {
            return s;
        }
        int end = s.offsetByCodePoints(0, Math.max(0, max - 1));
        return s.substring(0, end) + "…";
    }

    /** A block of text and whether it was shortened. */
    public record Block(String text, boolean cut) {
    }
}

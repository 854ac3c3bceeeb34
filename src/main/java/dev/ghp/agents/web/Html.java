package dev.ghp.agents.web;

import dev.ghp.agents.text.Printable;

/**
 * Text into HTML. Untrusted text (agent names, actions, messages, answers) is first neutralised as
 * for a terminal ({@link Printable}: controls become pictures, invisible and bidirectional
 * characters a visible {@code <U+XXXX>}), then escaped, so that nothing in it is markup or hides.
 */
final class Html {
    private Html() {
    }

    /** One line of untrusted text, neutralised and escaped (element content and quoted attributes). */
    static String text(String untrusted) {
        return escape(Printable.line(untrusted));
    }

    /** Untrusted text of several lines: each line as {@link #text}, joined by {@code <br>}. */
    static String lines(String untrusted) {
        if (untrusted == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        String[] lines = untrusted.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) {
                out.append("<br>");
            }
            out.append(text(lines[i]));
        }
        return out.toString();
    }

    /** The five characters that are markup in content and in quoted attribute values. */
    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}

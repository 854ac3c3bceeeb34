package dev.ghp.agents.rules;

/**
 * Neutralises untrusted text before it reaches a terminal: control characters (C0, DEL, C1) become
 * visible symbols, so an escape sequence prints as harmless text instead of acting; bidirectional
 * overrides, which can make text read differently from what it is, become {@code ?}.
 */
public final class Printable {
    private Printable() {
    }

    /** For one-line display: newlines and tabs are neutralised too. */
    public static String line(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (c < 0x20) {
                out.append((char) (0x2400 + c)); // Unicode control pictures: ␛ for ESC, ␤ … 
            } else if (c == 0x7f) {
                out.append('\u2421');
            } else if (c >= 0x80 && c < 0xa0) {
                out.append('?');
            } else if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0x200e || c == 0x200f
                    || c == 0x061c) {
                out.append('?');
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    /** For quoting input back in an error message: neutralised and cut to a readable length. */
    public static String quote(String text) {
        String clean = line(text);
        if (clean.codePointCount(0, clean.length()) <= 80) {
            return clean;
        }
        // Cut at a code point, never between the two halves of a surrogate pair.
        return clean.substring(0, clean.offsetByCodePoints(0, 77)) + "...";
    }
}

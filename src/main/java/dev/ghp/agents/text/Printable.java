package dev.ghp.agents.text;

import java.util.Locale;

/**
 * Neutralises untrusted text before it reaches a terminal or another agent's context. What would
 * act or hide is shown instead:
 * <ul>
 *   <li>C0 controls and DEL become their Unicode control pictures ({@code ␛} for ESC, {@code ␊} for
 *       a newline), so an escape sequence prints as harmless text and a line cannot be broken;</li>
 *   <li>every other character that is invisible or changes how the text around it reads becomes a
 *       marker naming it, {@code <U+200B>}: C1 controls, format characters (bidirectional controls,
 *       zero-width spaces and joiners, word joiner, byte-order mark, soft hyphen, Unicode tag
 *       characters U+E0000–U+E007F that spell hidden ASCII), line and paragraph separators, lone
 *       surrogates, variation selectors other than the emoji ones (U+FE0E, U+FE0F), and the Hangul
 *       fillers, letters that draw nothing.</li>
 * </ul>
 * Letters of every script, marks, symbols, spaces and emoji are kept. A zero-width joiner is
 * replaced even inside an emoji sequence: it cannot be told from one that hides a word boundary,
 * and showing 👩&lt;U+200D&gt;💻 loses nothing but looks. docs/decisions.md has the reasons.
 */
public final class Printable {
    private Printable() {
    }

    /** For one-line display: newlines and tabs are neutralised too. */
    public static String line(String text) {
        if (text == null) {
            return "";
        }
        if (isPrintableAscii(text)) {
            return text; // nearly every name, status and action: a table of 1,000 agents has 4,000 cells
        }
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (c < 0x20) {
                out.append((char) (0x2400 + c)); // Unicode control pictures: ␛ for ESC, ␊ for LF
            } else if (c == 0x7f) {
                out.append('\u2421');
            } else if (hides(c)) {
                out.append(marker(c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    private static boolean isPrintableAscii(String text) {
        for (int i = 0, n = text.length(); i < n; i++) {
            char ch = text.charAt(i);
            if (ch < 0x20 || ch >= 0x7f) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code text} is shown exactly as it is: nothing in it would be neutralised. */
    public static boolean isPlain(String text) {
        return text == null || text.codePoints().noneMatch(c -> c < 0x20 || c == 0x7f || hides(c));
    }

    /**
     * Whether a code point (DEL and C0 aside) is invisible or can change how the text around it
     * reads: what {@link #line} replaces by a {@code <U+XXXX>} marker.
     */
    public static boolean hides(int c) {
        switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE,
                    Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR:
                return true;
            default:
                break;
        }
        return (c >= 0xe0000 && c <= 0xe007f)         // tag characters (E0000 is unassigned, not FORMAT)
                || (c >= 0xfe00 && c <= 0xfe0d)        // variation selectors 1-14: no emoji needs them
                || (c >= 0xe0100 && c <= 0xe01ef)      // variation selectors 17-256: a byte each, invisibly
                || c == 0x180e                         // Mongolian vowel separator (FORMAT only in newer Unicode)
                || c == 0x115f || c == 0x1160 || c == 0x3164 || c == 0xffa0; // Hangul fillers
    }

    /** {@code <U+200B>}: four hex digits at least, upper case, as Unicode writes code points. */
    static String marker(int c) {
        return String.format(Locale.ROOT, "<U+%04X>", c);
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

package dev.ghp.agents.text;


/** How many terminal columns text takes, near enough for aligning and cutting table cells. */
public final class TextWidth {
    private TextWidth() {
    }

    public static int of(String s) {
        // A loop, not a code-point stream, and no Unicode lookup below U+0300 (ASCII, Latin-1, Latin
        // Extended: one column each): a table of 1,000 agents measures every cell and every line.
        int width = 0;
        for (int i = 0, n = s.length(); i < n; ) {
            char ch = s.charAt(i);
            if (ch < 0x300) {
                width++;
                i++;
            } else {
                int c = s.codePointAt(i);
                width += columns(c);
                i += Character.charCount(c);
            }
        }
        return width;
    }

    /** Cuts text to at most {@code max} columns, ending with "…" when cut. */
    public static String fit(String s, int max) {
        if (of(s) <= max) {
            return s;
        }
        StringBuilder out = new StringBuilder();
        int used = 0;
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            int w = columns(c);
            if (used + w > max - 1) {
                break;
            }
            out.appendCodePoint(c);
            used += w;
            i += Character.charCount(c);
        }
        return out.append('…').toString();
    }

    /** Pads on the right to {@code width} columns. */
    public static String pad(String s, int width) {
        int w = of(s);
        return w >= width ? s : s + " ".repeat(width - w);
    }

    private static int columns(int c) {
        int type = Character.getType(c);
        if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || c == 0x200b || c == 0x200d) {
            return 0;
        }
        boolean wide = (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3)
                || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60)
                || (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x1f300 && c <= 0x1faff) || (c >= 0x20000 && c <= 0x3fffd);
        return wide ? 2 : 1;
    }
}

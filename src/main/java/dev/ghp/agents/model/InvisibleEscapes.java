package dev.ghp.agents.model;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import java.util.Locale;

/**
 * JSON output in which nothing is invisible: besides what JSON itself escapes, every format (Cf)
 * and control (Cc) character, U+2028 and U+2029 (line breaks to JavaScript), and every UTF-16
 * surrogate is written as {@code \\uXXXX}. A consumer that pastes a decoded value into a prompt gets
 * the same text, but one that reads the JSON itself sees where the invisible characters are.
 *
 * <p>Jackson offers this escaper one UTF-16 unit at a time, so it cannot tell the low half of an
 * emoji from the low half of a tag character (U+E0041 is {@code \\udb40\\udc41}): every character
 * outside the Basic Multilingual Plane is escaped as its surrogate pair. The value is exact all the
 * same; only its look in the raw JSON changes. Jackson's ESCAPE_NON_ASCII would escape every letter
 * of every script as well.
 */
final class InvisibleEscapes extends CharacterEscapes {
    static final InvisibleEscapes INSTANCE = new InvisibleEscapes();
    private static final long serialVersionUID = 1L;

    private final int[] ascii = standardAsciiEscapesForJSON();

    private InvisibleEscapes() {
        ascii[0x7f] = ESCAPE_STANDARD; // DEL: a control character JSON lets through
    }

    @Override
    public int[] getEscapeCodesForAscii() {
        return ascii;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
        return escapes(ch) ? new SerializedString(String.format(Locale.ROOT, "\\u%04X", ch)) : null;
    }

    static boolean escapes(int ch) {
        return switch (Character.getType(ch)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.LINE_SEPARATOR,
                    Character.PARAGRAPH_SEPARATOR -> true;
            default -> ch == 0x180e || (ch >= 0xfe00 && ch <= 0xfe0d)
                    || ch == 0x115f || ch == 0x1160 || ch == 0x3164 || ch == 0xffa0;
        };
    }
}

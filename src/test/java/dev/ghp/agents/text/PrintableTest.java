package dev.ghp.agents.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PrintableTest {

    /** Checked against the Unicode categories directly, not through Printable's own rule. */
    static void assertInert(String s) {
        assertThat(s.codePoints()).noneMatch(c -> c < 0x20 || (c >= 0x7f && c < 0xa0)
                || Character.getType(c) == Character.FORMAT || Character.getType(c) == Character.SURROGATE
                || Character.getType(c) == Character.LINE_SEPARATOR || Character.getType(c) == Character.PARAGRAPH_SEPARATOR
                || (c >= 0xe0000 && c <= 0xe007f) || c == 0x180e);
    }

    @Test
    void escapeSequencesArePrintedAsTextInsteadOfActing() {
        String attack = "done\u001b[2J\u001b[31mred\u001b]0;title\u0007\u001b[0m";

        String shown = Printable.line(attack);

        assertInert(shown);
        assertThat(shown).isEqualTo("done␛[2J␛[31mred␛]0;title␇␛[0m");
    }

    @Test
    void newlinesTabsAndCarriageReturnsCannotBreakOrOverwriteTheLine() {
        String shown = Printable.line("one\ntwo\rthree\tfour\u0000");

        assertInert(shown);
        assertThat(shown).isEqualTo("one␊two␍three␉four␀");
    }

    @Test
    void deleteAndC1ControlsAreNeutralised() {
        String shown = Printable.line("a\u007fb\u009b31mc\u0085d\u0090e");

        assertInert(shown);
        assertThat(shown).isEqualTo("a␡b<U+009B>31mc<U+0085>d<U+0090>e");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u202e", "\u202a", "\u202b", "\u202c", "\u202d", "\u2066", "\u2067", "\u2068", "\u2069",
        "\u200e", "\u200f", "\u061c"})
    void bidirectionalOverridesAreNeutralised(String control) {
        String shown = Printable.line("safe" + control + "txt.exe");

        assertInert(shown);
        assertThat(shown).isEqualTo("safe<U+%04X>txt.exe".formatted(control.codePointAt(0)));
    }

    @Test
    void tagCharactersThatSpellHiddenTextAreShownAsMarkers() {
        // U+E0041 U+E0042 are invisible "A" "B": a prompt hidden from the human reading along.
        String hidden = "ok" + new String(Character.toChars(0xe0001)) + new String(Character.toChars(0xe0041))
                + new String(Character.toChars(0xe0042)) + new String(Character.toChars(0xe007f)) + "!"
                + new String(Character.toChars(0xe0000));

        String shown = Printable.line(hidden);

        assertInert(shown);
        assertThat(shown).isEqualTo("ok<U+E0001><U+E0041><U+E0042><U+E007F>!<U+E0000>");
    }

    @ParameterizedTest
    @ValueSource(ints = {0x200b, 0x200c, 0x200d, 0x200e, 0x200f, 0x2060, 0x2061, 0x2062, 0x2063, 0x2064, 0xfeff, 0x180e,
        0x00ad, 0x2028, 0x2029, 0xfff9, 0x115f, 0x1160, 0x3164, 0xffa0, 0xfe00, 0xe0100, 0xe01ef})
    void invisibleCharactersAreShownAsMarkers(int invisible) {
        String shown = Printable.line("a" + new String(Character.toChars(invisible)) + "b");

        assertInert(shown);
        assertThat(shown).isEqualTo("a<U+%04X>b".formatted(invisible));
        assertThat(Printable.isPlain("a" + new String(Character.toChars(invisible)) + "b")).isFalse();
    }

    @Test
    void loneSurrogatesAreShownAsMarkersAndPairsAreKept() {
        String shown = Printable.line("x\ud800y\udc41z🚀");

        assertInert(shown);
        assertThat(shown).isEqualTo("x<U+D800>y<U+DC41>z🚀");
    }

    @Test
    void aJoinerIsShownEvenInsideAnEmojiSequenceButEmojiPresentationIsKept() {
        assertThat(Printable.line("👩\u200d💻")).isEqualTo("👩<U+200D>💻");
        assertThat(Printable.line("⚠\ufe0f ✓\ufe0e")).isEqualTo("⚠\ufe0f ✓\ufe0e");
    }

    @Test
    void ordinaryUnicodeIsKept() {
        String text = "café · naïve — 日本語 テスト 🚀 ✓ ⚠ Ωμέγα עברית العربية हिन्दी 한국어 e\u0301 a\u00a0b 👍🏽 🇫🇷";

        assertThat(Printable.line(text)).isEqualTo(text);
        assertThat(Printable.isPlain(text)).isTrue();
    }

    @Test
    void nullShowsAsEmpty() {
        assertThat(Printable.line(null)).isEmpty();
    }

    @Test
    void quoteNeutralisesAndCutsLongInput() {
        String quoted = Printable.quote("\u001b[31m" + "x".repeat(200));

        assertInert(quoted);
        assertThat(quoted).hasSize(80).startsWith("␛[31m").endsWith("...");
    }

    @Test
    void quoteNeverSplitsACharacterOutsideTheBasicPlane() {
        String quoted = Printable.quote("🚀".repeat(100));

        assertThat(quoted).endsWith("...");
        assertThat(quoted.codePoints()).noneMatch(c -> Character.getType(c) == Character.SURROGATE);
    }

    /** Printable ASCII is returned as it is (the fast path); the characters around it are not. */
    @Test
    void everyPrintableAsciiCharacterIsKeptAndTheOnesBesideItAreNot() {
        for (char c = 0x20; c < 0x7f; c++) {
            assertThat(Printable.line("a" + c + "b")).isEqualTo("a" + c + "b");
        }
        assertThat(Printable.line("a\u001fb")).isEqualTo("a\u241fb");
        assertThat(Printable.line("a\u007fb")).isEqualTo("a\u2421b");
        assertThat(Printable.line("a\u0080b")).isEqualTo("a<U+0080>b");
        assertThat(Printable.line("a\u00adb")).isEqualTo("a<U+00AD>b");
        assertThat(Printable.line("caf\u00e9")).isEqualTo("caf\u00e9");
    }
}

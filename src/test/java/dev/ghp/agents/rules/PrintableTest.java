package dev.ghp.agents.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PrintableTest {

    private static void assertInert(String s) {
        assertThat(s.codePoints()).noneMatch(c -> c < 0x20 || (c >= 0x7f && c < 0xa0)
                || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0x200e || c == 0x200f
                || c == 0x061c);
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
        assertThat(shown).isEqualTo("a␡b?31mc?d?e");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u202e", "\u202a", "\u202b", "\u202c", "\u202d", "\u2066", "\u2067", "\u2068", "\u2069",
        "\u200e", "\u200f", "\u061c"})
    void bidirectionalOverridesAreNeutralised(String control) {
        String shown = Printable.line("safe" + control + "txt.exe");

        assertInert(shown);
        assertThat(shown).isEqualTo("safe?txt.exe");
    }

    @Test
    void ordinaryUnicodeIsKept() {
        String text = "café · naïve — 日本語 テスト 🚀 ✓ ⚠ Ωμέγα עברית";

        assertThat(Printable.line(text)).isEqualTo(text);
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
}

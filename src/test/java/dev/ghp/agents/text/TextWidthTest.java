package dev.ghp.agents.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextWidthTest {

    @Test
    void latinTextTakesAColumnACharacter() {
        assertThat(TextWidth.of("worker-1 · implementing")).isEqualTo(23);
        assertThat(TextWidth.of("Ærøskøbing ÿ ǅ")).isEqualTo(14);
        assertThat(TextWidth.of("")).isZero();
    }

    @Test
    void combiningMarksTakeNoColumnAndWideCharactersTwo() {
        assertThat(TextWidth.of("e\u0301")).isEqualTo(1);
        assertThat(TextWidth.of("日本語 ok")).isEqualTo(9);
        assertThat(TextWidth.of("ok \uD83D\uDE80")).isEqualTo(5);
    }
}

package dev.ghp.agents.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** JSON for output shows invisible characters as escapes; the stored form keeps them as they are. */
class JsonOutputTest {
    static final String SNEAKY = "a\u2028b\u2029c\u200bd\u202ee\u00adf\udb40\udc41g\u007fh\u0085i\ufeffj";

    @Test
    void outputEscapesEveryInvisibleCharacterAndParsesBackExactly() throws Exception {
        ObjectNode o = Json.object();
        o.put("name" + SNEAKY, SNEAKY);

        String shown = Json.pretty(o);

        assertThat(shown.codePoints()).as(shown).allMatch(c -> c >= 0x20 && c < 0x7f || c == '\n');
        assertThat(shown).contains("a\\u2028b\\u2029c\\u200Bd\\u202Ee\\u00ADf\\uDB40\\uDC41g\\u007Fh\\u0085i\\uFEFFj");
        ObjectNode back = Json.parseObject(shown);
        assertThat(back.path("name" + SNEAKY).asText()).isEqualTo(SNEAKY);
    }

    @Test
    void lettersOfEveryScriptStayReadableAndEmojiParseBack() throws Exception {
        ObjectNode o = Json.object();
        o.put("text", "café 日本語 עברית 🚀");

        String shown = Json.pretty(o);

        assertThat(shown).contains("café 日本語 עברית ");
        assertThat(Json.parseObject(shown).path("text").asText()).isEqualTo("café 日本語 עברית 🚀");
    }

    @Test
    void theStoredFormKeepsTheCharactersAsTheyAre() {
        ObjectNode o = Json.object();
        o.put("text", "x\u200by 🚀");

        assertThat(new String(Json.prettyBytes(o), StandardCharsets.UTF_8)).contains("x\u200by 🚀");
    }
}

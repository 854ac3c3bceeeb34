package dev.ghp.agents.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** The page's HTML from agent-status's JSON: what agents wrote is never markup, and what needs the lead comes first. */
class PageHtmlTest {
    private static ObjectNode state(String agents, String escalations) throws Exception {
        return (ObjectNode) new ObjectMapper().readTree("{\"generatedAt\":\"2026-12-08T01:00:00Z\",\"staleAfterSeconds\":600,"
                + "\"agents\":{" + agents + "},\"cycles\":[],\"escalations\":[" + escalations + "],\"messages\":{},\"timeline\":{}}");
    }

    @Test
    void textFromTheRecordIsEscapedAndInvisibleCharactersAreShown() throws Exception {
        String html = new PageHtml().team(state("\"w<b>1\":{\"status\":\"implementing\",\"ageSeconds\":5,"
                + "\"lastAction\":\"<script>x()</script>\\u001b[2J \\u202egnp.exe \\\"quoted\\\" 'single' & more\"}",
                "{\"id\":\"esc-0000abcd\",\"kind\":\"question\",\"agent\":\"w<b>1\",\"message\":\"line one\\n<iframe>\","
                        + "\"createdAt\":\"2026-12-08T00:59:00Z\"}"), "tok", null);
        assertThat(html).contains("w&lt;b&gt;1").contains("&lt;script&gt;x()&lt;/script&gt;␛[2J &lt;U+202E&gt;gnp.exe")
                .contains("&quot;quoted&quot; &#39;single&#39; &amp; more").contains("line one<br>&lt;iframe&gt;")
                .doesNotContain("<script>").doesNotContain("<iframe>").doesNotContain("w<b>1")
                .doesNotContain("\u202e").doesNotContain("\u001b");
    }

    @Test
    void staleAgentsComeFirstThenWaitingThenTheRest() throws Exception {
        String html = new PageHtml().team(state("\"a-done\":{\"status\":\"done\",\"stale\":false},"
                + "\"b-working\":{\"status\":\"testing\",\"stale\":false},\"c-waiting\":{\"status\":\"waiting\",\"stale\":false},"
                + "\"d-stale\":{\"status\":\"implementing\",\"stale\":true}", ""), "tok", null);
        assertThat(html.indexOf("data-agent=\"d-stale\"")).isLessThan(html.indexOf("data-agent=\"c-waiting\""));
        assertThat(html.indexOf("data-agent=\"c-waiting\"")).isLessThan(html.indexOf("data-agent=\"b-working\""));
        assertThat(html.indexOf("data-agent=\"b-working\"")).isLessThan(html.indexOf("data-agent=\"a-done\""));
        assertThat(html).contains("STALE · implementing");
    }

    @Test
    void anApprovalIsAnsweredWithApproveOrDenyAndEveryFormCarriesTheToken() throws Exception {
        String html = new PageHtml().team(state("", "{\"id\":\"esc-0000abcd\",\"kind\":\"approval\",\"message\":\"docs/**\"},"
                + "{\"id\":\"esc-1111abcd\",\"kind\":\"question\",\"message\":\"tabs?\"}"), "t0k\"en", null);
        assertThat(html).contains("name=\"verdict\" value=\"approve\"").contains("name=\"verdict\" value=\"deny\"");
        assertThat(html.split("name=\"token\" value=\"t0k&quot;en\"", -1)).hasSize(3);
    }
}

package dev.ghp.agents.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ghp.agents.model.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ClaudeCodeDialectTest {
    private final HookDialect claude = ClaudeCodeDialect.INSTANCE;

    @ParameterizedTest
    @EnumSource(HookEvent.class)
    void nothingToSayPrintsNothingAfterAnyEvent(HookEvent event) {
        assertThat(claude.render(event, HookReply.none())).isEmpty();
        assertThat(claude.render(event, HookReply.context("  \n"))).isEmpty();
    }

    @Test
    void theSessionStartBriefingIsPlainText() {
        assertThat(claude.render(HookEvent.SESSION_START, HookReply.context("[ghp-agents] You are worker-1"))).isEqualTo("[ghp-agents] You are worker-1");
    }

    @ParameterizedTest
    @EnumSource(value = HookEvent.class, names = {"POST_TOOL_USE", "USER_PROMPT_SUBMIT"})
    void afterAToolCallOrAPromptTheContextIsAdditionalContextOfThatEvent(HookEvent event) throws Exception {
        JsonNode out = Json.parse(claude.render(event, HookReply.context("From lead: rebase\u202e on main")).getBytes());
        assertThat(out.path("hookSpecificOutput").path("hookEventName").asText()).isEqualTo(event.claudeName());
        assertThat(out.path("hookSpecificOutput").path("additionalContext").asText()).isEqualTo("From lead: rebase\u202e on main");
        assertThat(out.size()).isEqualTo(1);
    }

    @Test
    void invisibleCharactersAreEscapedInTheJsonText() {
        assertThat(claude.render(HookEvent.POST_TOOL_USE, HookReply.context("a\u202eb"))).contains("a\\u202Eb").doesNotContain("\u202e");
    }

    @Test
    void aStopWithAReasonGoesOnWithItAsContextNotAsABlockClaudeCodeLabelsAHookError() throws Exception {
        JsonNode out = Json.parse(claude.render(HookEvent.STOP, HookReply.block("2 unread messages")).getBytes());
        assertThat(out.has("decision")).isFalse();
        assertThat(out.path("hookSpecificOutput").path("hookEventName").asText()).isEqualTo("Stop");
        assertThat(out.path("hookSpecificOutput").path("additionalContext").asText()).isEqualTo("2 unread messages");
    }

    @Test
    void aStopCannotTakeContextAloneSoPrintsNothing() {
        assertThat(claude.render(HookEvent.STOP, HookReply.context("for later"))).isEmpty();
    }

    @Test
    void contextBeyondTheCapIsCutAtALineWithANoteSayingWhereTheRestIs() {
        String line = "a line of the record, " + "z".repeat(60) + "\n";
        String context = HookReply.context(line.repeat(500)).context();
        assertThat(context.length()).isLessThanOrEqualTo(HookReply.MAX_CONTEXT);
        assertThat(context).endsWith("… (cut to stay within the agent's context limit; ghp agent-status and ghp agent-inbox show the rest)\n");
        assertThat(context.substring(0, context.lastIndexOf("…"))).endsWith("z\n");
    }
}

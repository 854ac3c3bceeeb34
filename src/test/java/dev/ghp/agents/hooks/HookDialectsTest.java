package dev.ghp.agents.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ghp.agents.model.Json;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Each agent's dialect: the same reply in that agent's own output format, or nothing where it reads nothing. */
class HookDialectsTest {
    static final HookReply CONTEXT = HookReply.context("[ghp-agents] 1 message for you");
    static final HookReply BLOCK = HookReply.block("read your inbox first");

    static JsonNode json(String text) throws IOException {
        return Json.parseTree(text);
    }

    @Test
    void codexGetsJsonEvenAtSessionStartBecauseItParsesABracketAsJson() throws IOException {
        String start = CodexDialect.INSTANCE.render(HookEvent.SESSION_START, CONTEXT);

        assertThat(json(start).path("hookSpecificOutput").path("hookEventName").asText()).isEqualTo("SessionStart");
        assertThat(json(start).path("hookSpecificOutput").path("additionalContext").asText()).isEqualTo("[ghp-agents] 1 message for you");
        assertThat(json(CodexDialect.INSTANCE.render(HookEvent.STOP, BLOCK)).path("decision").asText()).isEqualTo("block");
        assertThat(ClaudeCodeDialect.INSTANCE.render(HookEvent.SESSION_START, CONTEXT)).isEqualTo("[ghp-agents] 1 message for you");
    }

    @Test
    void geminiGetsAdditionalContextByItsOwnEventNamesAndDenyToKeepGoing() throws IOException {
        JsonNode after = json(GeminiDialect.INSTANCE.render(HookEvent.POST_TOOL_USE, CONTEXT));
        JsonNode stop = json(GeminiDialect.INSTANCE.render(HookEvent.STOP, BLOCK));

        assertThat(after.path("hookSpecificOutput").path("hookEventName").asText()).isEqualTo("AfterTool");
        assertThat(after.path("hookSpecificOutput").path("additionalContext").asText()).isEqualTo("[ghp-agents] 1 message for you");
        assertThat(stop.path("decision").asText()).isEqualTo("deny");
        assertThat(stop.path("reason").asText()).isEqualTo("read your inbox first");
    }

    @Test
    void cursorGetsSnakeCaseFieldsAfterEveryToolCallAndNothingBeforeAPrompt() throws IOException {
        assertThat(json(CursorDialect.INSTANCE.render(HookEvent.SESSION_START, CONTEXT)).path("additional_context").asText())
                .isEqualTo("[ghp-agents] 1 message for you");
        JsonNode after = json(CursorDialect.INSTANCE.render(HookEvent.POST_TOOL_USE, CONTEXT));
        assertThat(after.path("additional_context").asText()).isEqualTo("[ghp-agents] 1 message for you");
        assertThat(after.size()).isEqualTo(1);
        assertThat(json(CursorDialect.INSTANCE.render(HookEvent.STOP, BLOCK)).path("followup_message").asText())
                .isEqualTo("read your inbox first");
        assertThat(CursorDialect.INSTANCE.render(HookEvent.USER_PROMPT_SUBMIT, CONTEXT)).isEmpty();
    }

    @Test
    void cursorsStopFollowsUpOnlyAfterACompletedTurnBelowItsLoopLimit() throws IOException {
        assertThat(CursorDialect.INSTANCE.blockReaches(payload("cursor", "stop"))).isTrue();
        assertThat(CursorDialect.INSTANCE.blockReaches(payload("cursor", "stop-aborted"))).isFalse();
        assertThat(CursorDialect.INSTANCE.blockReaches(payload("cursor", "stop-error"))).isFalse();
        assertThat(CursorDialect.INSTANCE.blockReaches(payload("cursor", "stop-loop-limit"))).isFalse();
        assertThat(CursorDialect.INSTANCE.readsOutputOf(payload("cursor", "postToolUse"))).isTrue();
        assertThat(CursorDialect.INSTANCE.readsOutputOf(payload("cursor", "afterFileEdit"))).isFalse();
        assertThat(ClaudeCodeDialect.INSTANCE.blockReaches(payload("claude", "Stop"))).isTrue();
    }

    @Test
    void copilotGetsAdditionalContextAtSessionStartAndAfterAToolButNothingAtAPrompt() throws IOException {
        assertThat(json(CopilotDialect.INSTANCE.render(HookEvent.SESSION_START, CONTEXT)).path("additionalContext").asText())
                .isEqualTo("[ghp-agents] 1 message for you");
        JsonNode after = json(CopilotDialect.INSTANCE.render(HookEvent.POST_TOOL_USE, CONTEXT));
        assertThat(after.path("additionalContext").asText()).isEqualTo("[ghp-agents] 1 message for you");
        assertThat(after.size()).isEqualTo(1);
        assertThat(CopilotDialect.INSTANCE.render(HookEvent.USER_PROMPT_SUBMIT, CONTEXT)).isEmpty();
        JsonNode stop = json(CopilotDialect.INSTANCE.render(HookEvent.STOP, BLOCK));
        assertThat(stop.path("decision").asText()).isEqualTo("block");
        assertThat(stop.path("reason").asText()).isEqualTo("read your inbox first");
    }

    @Test
    void noAgentIsGivenAnythingAfterANotificationOrAFailedTurnNorForAnEmptyReply() {
        for (HookAgent agent : HookAgent.values()) {
            for (HookEvent event : HookEvent.values()) {
                assertThat(agent.dialect().render(event, HookReply.none())).as(agent + " " + event).isEmpty();
            }
            assertThat(agent.dialect().render(HookEvent.NOTIFICATION, CONTEXT)).as(agent.id()).isEmpty();
            assertThat(agent.dialect().render(HookEvent.STOP_FAILURE, BLOCK)).as(agent.id()).isEmpty();
        }
    }

    @Test
    void eachAgentsOwnEventNamesAreReadAsOurs() {
        assertThat(HookAgent.GEMINI.event("AfterTool")).contains(HookEvent.POST_TOOL_USE);
        assertThat(HookAgent.CURSOR.event("afterFileEdit")).contains(HookEvent.POST_TOOL_USE);
        assertThat(HookAgent.COPILOT.event("agentStop")).contains(HookEvent.STOP);
        assertThat(HookAgent.CLAUDE.event("stop-failure")).contains(HookEvent.STOP_FAILURE);
        assertThat(HookCommand.event("ghp-agents agent-hooks run stop-failure --for claude")).contains(HookEvent.STOP_FAILURE);
        assertThat(HookCommand.event("ghp agent-hooks run stop")).contains(HookEvent.STOP);
    }

    @Test
    void aRefusedEditIsEachAgentsOwnDenyAndNoContextIsEverPrintedBeforeATool() throws IOException {
        HookReply refused = HookReply.block("held by worker-1");
        JsonNode claude = json(ClaudeCodeDialect.INSTANCE.render(HookEvent.PRE_TOOL_USE, refused));
        JsonNode codex = json(CodexDialect.INSTANCE.render(HookEvent.PRE_TOOL_USE, refused));
        JsonNode gemini = json(GeminiDialect.INSTANCE.render(HookEvent.PRE_TOOL_USE, refused));
        JsonNode cursor = json(CursorDialect.INSTANCE.render(HookEvent.PRE_TOOL_USE, refused));
        JsonNode copilot = json(CopilotDialect.INSTANCE.render(HookEvent.PRE_TOOL_USE, refused));

        for (JsonNode claudes : new JsonNode[] {claude, codex}) {
            assertThat(claudes.toString()).isEqualTo("{\"hookSpecificOutput\":{\"hookEventName\":\"PreToolUse\","
                    + "\"permissionDecision\":\"deny\",\"permissionDecisionReason\":\"held by worker-1\"}}");
        }
        assertThat(gemini.toString()).isEqualTo("{\"decision\":\"deny\",\"reason\":\"held by worker-1\"}");
        assertThat(cursor.toString()).isEqualTo("{\"permission\":\"deny\",\"user_message\":\"held by worker-1\","
                + "\"agent_message\":\"held by worker-1\"}");
        assertThat(copilot.toString()).isEqualTo("{\"permissionDecision\":\"deny\",\"permissionDecisionReason\":\"held by worker-1\"}");
        for (HookAgent agent : HookAgent.values()) {
            assertThat(agent.dialect().render(HookEvent.PRE_TOOL_USE, CONTEXT)).as(agent.id()).isEmpty();
        }
        assertThat(HookAgent.GEMINI.event("BeforeTool")).contains(HookEvent.PRE_TOOL_USE);
        assertThat(HookAgent.CURSOR.event("preToolUse")).contains(HookEvent.PRE_TOOL_USE);
    }

    /** A reference payload of src/test/resources/hooks/, read as a hook reads it. */
    static HookInput payload(String tool, String event) throws IOException {
        try (java.io.InputStream in = HookDialectsTest.class.getResourceAsStream("/hooks/" + tool + "/" + event + ".json")) {
            assertThat(in).as(tool + "/" + event).isNotNull();
            return HookInput.read(new java.io.ByteArrayInputStream(in.readAllBytes()));
        }
    }
}

package dev.ghp.agents.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghp.agents.errors.UsageException;
import dev.ghp.agents.model.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClaudeSettingsTest {
    static final String USER_SETTINGS = """
            {
              "model": "opus",
              "permissions": {"allow": ["Bash(mvn:*)"], "deny": []},
              "hooks": {
                "PostToolUse": [
                  {"matcher": "Edit|Write", "hooks": [{"type": "command", "command": "npx prettier --write", "timeout": 30}]}
                ],
                "Notification": [
                  {"hooks": [{"type": "command", "command": "notify-send claude"}]}
                ]
              },
              "env": {"FOO": "1"}
            }
            """;

    static ObjectNode parse(String json) {
        try {
            return Json.parseObject(json);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static List<String> commands(JsonNode settings, String event) {
        List<String> out = new ArrayList<>();
        settings.path("hooks").path(event).forEach(g -> g.path("hooks").forEach(h -> out.add(h.path("command").asText())));
        return out;
    }

    static final String GUARDED = "command -v ghp >/dev/null 2>&1 && ghp agent-hooks run %s --for claude || true";

    @Test
    void installAddsOneGroupPerEventAfterTheUsersOwnAndKeepsEverythingElse() {
        ObjectNode before = parse(USER_SETTINGS);

        HooksShape.Outcome o = ClaudeSettings.SHAPE.install(before, ClaudeSettings.entries("ghp"));

        assertThat(o.added()).containsExactly("PostToolUse", "Stop", "SessionStart", "UserPromptSubmit", "Notification", "StopFailure", "PreToolUse",
                "PostToolUseFailure", "SubagentStart", "SessionEnd");
        ObjectNode after = o.settings();
        assertThat(commands(after, "PostToolUse")).containsExactly("npx prettier --write", GUARDED.formatted("post-tool-use"));
        assertThat(commands(after, "Stop")).containsExactly(GUARDED.formatted("stop"), GUARDED.formatted("wake"));
        // The wake runs in the background, and wakes the agent when it exits 2 (#23).
        assertThat(after.path("hooks").path("Stop").get(1).path("hooks").get(0).path("asyncRewake").asBoolean()).isTrue();
        assertThat(after.path("hooks").path("Stop").get(0).path("hooks").get(0).has("asyncRewake")).isFalse();
        assertThat(commands(after, "SessionStart")).containsExactly(GUARDED.formatted("session-start"));
        assertThat(after.path("hooks").path("SessionStart").get(0).path("matcher").asText()).isEqualTo("startup|resume|clear|compact|fork");
        assertThat(after.path("hooks").path("Stop").get(0).has("matcher")).isFalse();
        assertThat(after.path("hooks").path("PostToolUse").get(1).path("hooks").get(0).path("timeout").asInt()).isEqualTo(20);
        assertThat(after.get("model")).isEqualTo(before.get("model"));
        assertThat(after.get("permissions")).isEqualTo(before.get("permissions"));
        assertThat(after.get("env")).isEqualTo(before.get("env"));
        assertThat(after.path("hooks").path("Notification").get(0)).isEqualTo(before.path("hooks").path("Notification").get(0));
        assertThat(after.path("hooks").path("Notification").get(1).path("matcher").asText()).isEqualTo("permission_prompt|idle_prompt|elicitation_dialog");
        assertThat(before).as("the input is never modified").isEqualTo(parse(USER_SETTINGS));
    }

    @Test
    void installingTwiceChangesNothingTheSecondTime() {
        ObjectNode once = ClaudeSettings.SHAPE.install(parse(USER_SETTINGS), ClaudeSettings.entries("ghp")).settings();

        HooksShape.Outcome twice = ClaudeSettings.SHAPE.install(once, ClaudeSettings.entries("ghp"));

        assertThat(twice.changed()).isFalse();
        assertThat(twice.settings()).isEqualTo(once);
    }

    @Test
    void installWithAnotherLauncherReplacesOursInsteadOfAddingASecondOne() {
        ObjectNode once = ClaudeSettings.SHAPE.install(parse(USER_SETTINGS), ClaudeSettings.entries("ghp")).settings();

        HooksShape.Outcome moved = ClaudeSettings.SHAPE.install(once, ClaudeSettings.entries("/opt/ghp-agents/bin/ghp"));

        assertThat(moved.updated()).containsExactly("PostToolUse", "Stop", "SessionStart", "UserPromptSubmit", "Notification", "StopFailure", "PreToolUse",
                "PostToolUseFailure", "SubagentStart", "SessionEnd");
        assertThat(commands(moved.settings(), "PostToolUse")).containsExactly("npx prettier --write",
                "command -v /opt/ghp-agents/bin/ghp >/dev/null 2>&1 && /opt/ghp-agents/bin/ghp agent-hooks run post-tool-use --for claude || true");
        assertThat(commands(moved.settings(), "Stop")).containsExactly(
                "command -v /opt/ghp-agents/bin/ghp >/dev/null 2>&1 && /opt/ghp-agents/bin/ghp agent-hooks run stop --for claude || true",
                "command -v /opt/ghp-agents/bin/ghp >/dev/null 2>&1 && /opt/ghp-agents/bin/ghp agent-hooks run wake --for claude || true");
    }

    @Test
    void uninstallGivesBackExactlyTheSettingsBeforeInstall() {
        ObjectNode before = parse(USER_SETTINGS);
        ObjectNode installed = ClaudeSettings.SHAPE.install(before, ClaudeSettings.entries("ghp")).settings();

        HooksShape.Outcome o = ClaudeSettings.SHAPE.uninstall(installed);

        assertThat(o.removed()).containsExactlyInAnyOrder("PostToolUse", "Stop", "SessionStart", "UserPromptSubmit", "Notification", "StopFailure", "PreToolUse",
                "PostToolUseFailure", "SubagentStart", "SessionEnd");
        assertThat(o.settings()).isEqualTo(before);
        assertThat(Json.pretty(o.settings())).as("same keys in the same order").isEqualTo(Json.pretty(before));
    }

    @Test
    void uninstallOfSettingsWithoutOursChangesNothing() {
        HooksShape.Outcome o = ClaudeSettings.SHAPE.uninstall(parse(USER_SETTINGS));

        assertThat(o.changed()).isFalse();
        assertThat(o.settings()).isEqualTo(parse(USER_SETTINGS));
    }

    @Test
    void uninstallTakesOurHookOutOfAGroupTheUserSharedWithItAndLeavesTheirs() {
        ObjectNode shared = parse("""
                {"hooks": {"Stop": [{"hooks": [
                  {"type": "command", "command": "say done"},
                  {"type": "command", "command": "/usr/local/bin/ghp agent-hooks run stop"}
                ]}], "PreToolUse": []}}
                """);

        ObjectNode after = ClaudeSettings.SHAPE.uninstall(shared).settings();

        assertThat(after).as("an empty list that was already there stays").isEqualTo(parse("""
                {"hooks": {"Stop": [{"hooks": [{"type": "command", "command": "say done"}]}], "PreToolUse": []}}
                """));
    }

    @Test
    void onlyCommandsThatRunAgentHooksAreOurs() {
        assertThat(ClaudeSettings.isOurs("ghp agent-hooks run post-tool-use")).isTrue();
        assertThat(ClaudeSettings.isOurs("/opt/x/bin/ghp agent-hooks run session-start")).isTrue();
        assertThat(ClaudeSettings.isOurs("ghp agent-heartbeat --quiet")).isFalse();
        assertThat(ClaudeSettings.isOurs("echo 'ghp agent-hooks install'")).isFalse();
        assertThat(ClaudeSettings.isOurs("my-agent-hooks run stop")).isFalse();
    }

    @Test
    void settingsWhoseHooksAreNotAnObjectAreRefusedNotRewritten() {
        assertThatThrownBy(() -> ClaudeSettings.SHAPE.install(parse("{\"hooks\": []}"), ClaudeSettings.entries("ghp")))
                .isInstanceOf(UsageException.class).hasMessageContaining("\"hooks\"");
        assertThatThrownBy(() -> ClaudeSettings.SHAPE.install(parse("{\"hooks\": {\"Stop\": {}}}"), ClaudeSettings.entries("ghp")))
                .isInstanceOf(UsageException.class).hasMessageContaining("Stop");
    }
}

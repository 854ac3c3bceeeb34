package dev.ghp.agents.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.testing.GitRepo;
import dev.ghp.agents.testing.Launcher;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every agent's installed hooks, run the way that agent runs them: the command string from the
 * agent's own file, through a shell, with a payload recorded from the agent's hooks reference
 * (src/test/resources/hooks/AGENT/) on stdin. What comes back must be that agent's format.
 */
class AgentHookFormatsIT {
    @TempDir
    Path tmp;
    GitRepo main;
    GitRepo worker;
    Map<String, String> env;

    @BeforeEach
    void repository() {
        main = GitRepo.init(tmp, "app");
        main.commitFile("README.md", "app\n");
        worker = main.addWorktree("app-147", "alice/147-parser");
        env = AgentHooksIT.withGhpAgentsOnPath(tmp, Launcher.userEnv(tmp));
    }

    void install(String agent) {
        GitRepo.Result r = new Launcher(main.dir()).env(env).run("agent-hooks", "install", "--for", agent);
        assertThat(r.exit()).as(r.err()).isZero();
    }

    JsonNode file(String relative) throws IOException {
        return Json.parseTree(Files.readString(main.dir().resolve(relative)));
    }

    /** The command of our hook for {@code key} in a file of Claude Code's layout (Claude Code, Codex, Gemini CLI). */
    String groupedCommand(String relative, String key) throws IOException {
        for (JsonNode group : file(relative).path("hooks").path(key)) {
            for (JsonNode h : group.path("hooks")) {
                if (h.path("command").asText().contains("agent-hooks run")) {
                    return h.path("command").asText();
                }
            }
        }
        throw new AssertionError("no hook of ours for " + key + " in " + relative);
    }

    /** The command of our hook for {@code key} in a flat file (Cursor: command, Copilot: bash). */
    String flatCommand(String relative, String key, String field) throws IOException {
        for (JsonNode h : file(relative).path("hooks").path(key)) {
            if (h.path(field).asText().contains("agent-hooks run")) {
                return h.path(field).asText();
            }
        }
        throw new AssertionError("no hook of ours for " + key + " in " + relative);
    }

    static String payload(String agent, String event, Path cwd) throws IOException {
        try (InputStream in = AgentHookFormatsIT.class.getResourceAsStream("/hooks/" + agent + "/" + event + ".json")) {
            assertThat(in).as(agent + "/" + event).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("${CWD}", cwd.toString());
        }
    }

    GitRepo.Result agentRuns(String agent, String event, String command) throws IOException {
        return new Launcher(tmp).env(env).sh(payload(agent, event, worker.dir()), command);
    }

    String status() {
        return main.showCoordination(".ghp/agent-status.json");
    }

    static void silent(GitRepo.Result r) {
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEmpty();
    }

    @Test
    void claudeCodeGetsPlainTextAtAForkedSessionAndAPermissionPromptOrAFailedTurnMarksItWaiting() throws IOException {
        install("claude");
        String settings = ".claude/settings.json";

        GitRepo.Result start = agentRuns("claude", "SessionStart", groupedCommand(settings, "SessionStart"));
        assertThat(start.exit()).as(start.err()).isZero();
        assertThat(start.out()).startsWith("[ghp-agents] Coordination context for this session.\nYou are agent \"app-147\"");
        silent(agentRuns("claude", "PostToolUse", groupedCommand(settings, "PostToolUse")));

        silent(agentRuns("claude", "Notification", groupedCommand(settings, "Notification")));
        assertThat(status()).contains("\"status\": \"waiting\"");
        silent(agentRuns("claude", "PostToolUse", groupedCommand(settings, "PostToolUse")));
        assertThat(status()).contains("\"status\": \"implementing\"");
        silent(agentRuns("claude", "StopFailure", groupedCommand(settings, "StopFailure")));
        assertThat(status()).contains("\"status\": \"waiting\"");
    }

    @Test
    void codexGetsValidJsonWheneverItsStdoutStartsWithABracket() throws IOException {
        install("codex");
        String hooks = ".codex/hooks.json";

        GitRepo.Result start = agentRuns("codex", "SessionStart", groupedCommand(hooks, "SessionStart"));

        assertThat(start.exit()).as(start.err()).isZero();
        assertThat(start.out()).startsWith("{");
        JsonNode out = Json.parseTree(start.out());
        assertThat(out.path("hookSpecificOutput").path("hookEventName").asText()).isEqualTo("SessionStart");
        assertThat(out.path("hookSpecificOutput").path("additionalContext").asText())
                .startsWith("[ghp-agents] Coordination context for this session.");
        assertThat(out.size()).as("nothing Codex's schema does not allow").isEqualTo(1);
        silent(agentRuns("codex", "PostToolUse", groupedCommand(hooks, "PostToolUse")));
        silent(agentRuns("codex", "Stop", groupedCommand(hooks, "Stop")));
        assertThat(status()).contains("\"status\": \"waiting\"");
    }

    @Test
    void geminiGetsJsonOnlyAndCountsTimeoutsInMilliseconds() throws IOException {
        install("gemini");
        String settings = ".gemini/settings.json";
        file(settings).path("hooks").forEach(list -> list.forEach(g -> g.path("hooks").forEach(h ->
                assertThat(h.path("timeout").asInt()).as("milliseconds").isGreaterThanOrEqualTo(20_000))));

        GitRepo.Result start = agentRuns("gemini", "SessionStart", groupedCommand(settings, "SessionStart"));

        assertThat(start.exit()).as(start.err()).isZero();
        assertThat(Json.parseTree(start.out()).path("hookSpecificOutput").path("additionalContext").asText())
                .startsWith("[ghp-agents] Coordination context for this session.");
        silent(agentRuns("gemini", "AfterTool", groupedCommand(settings, "AfterTool")));
        silent(agentRuns("gemini", "Notification", groupedCommand(settings, "Notification")));
        assertThat(status()).contains("\"status\": \"waiting\"");
        silent(agentRuns("gemini", "AfterTool", groupedCommand(settings, "AfterTool")));
        silent(agentRuns("gemini", "AfterAgent", groupedCommand(settings, "AfterAgent")));
        assertThat(status()).contains("\"status\": \"waiting\"");
    }

    @Test
    void cursorIsFoundThroughItsWorkspaceRootsAndGetsAdditionalContextInSnakeCase() throws IOException {
        install("cursor");
        String hooks = ".cursor/hooks.json";
        assertThat(file(hooks).path("version").asInt()).isEqualTo(1);

        GitRepo.Result start = agentRuns("cursor", "sessionStart", flatCommand(hooks, "sessionStart", "command"));

        assertThat(start.exit()).as(start.err()).isZero();
        assertThat(Json.parseTree(start.out()).path("additional_context").asText())
                .startsWith("[ghp-agents] Coordination context for this session.\nYou are agent \"app-147\"");
        silent(agentRuns("cursor", "postToolUse", flatCommand(hooks, "postToolUse", "command")));
        silent(agentRuns("cursor", "stop", flatCommand(hooks, "stop", "command")));
        assertThat(status()).contains("\"app-147\": {").contains("\"status\": \"waiting\"");
    }

    @Test
    void copilotGetsItsBriefingAsAdditionalContextAndIsMarkedWaitingAtItsStop() throws IOException {
        install("copilot");
        String hooks = ".github/hooks/ghp-agents.json";
        assertThat(file(hooks).path("hooks").path("sessionStart").get(0).path("timeoutSec").asInt()).isEqualTo(30);

        GitRepo.Result start = agentRuns("copilot", "sessionStart", flatCommand(hooks, "sessionStart", "bash"));
        assertThat(start.exit()).as(start.err()).isZero();
        assertThat(Json.parseTree(start.out()).path("additionalContext").asText())
                .startsWith("[ghp-agents] Coordination context for this session.\nYou are agent \"app-147\"");
        assertThat(status()).contains("\"app-147\": {");
        silent(agentRuns("copilot", "postToolUse", flatCommand(hooks, "postToolUse", "bash")));
        silent(agentRuns("copilot", "agentStop", flatCommand(hooks, "agentStop", "bash")));
        assertThat(status()).contains("\"status\": \"waiting\"");
    }

    @Test
    void whereGhpAgentsIsNotOnPathTheInstalledCommandIsSilentAndExitsZero() throws IOException {
        install("claude");
        Map<String, String> without = new HashMap<>(env);
        without.put("PATH", "/usr/bin:/bin");

        for (String event : new String[] {"SessionStart", "PostToolUse", "Stop"}) {
            GitRepo.Result r = new Launcher(tmp).env(without).sh(payload("claude", event, worker.dir()),
                    groupedCommand(".claude/settings.json", event));
            silent(r);
        }
        assertThat(main.git("for-each-ref", "refs/ghp/")).as("nothing recorded").isEmpty();
    }
}

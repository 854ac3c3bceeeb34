package dev.ghp.agents.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.testing.GitRepo;
import dev.ghp.agents.testing.Launcher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sessions, subagents and teammates in one worktree (#23; docs/decisions.md, "#23 sessions"), through
 * the hooks each agent's own file installs, run through a shell with the reference payloads of
 * src/test/resources/hooks/AGENT/ (their session and subagent ids set per session): a subagent's hook
 * runs deliver nothing and mark nothing read; a second session is an agent of its own, whose messages
 * reach it alone; a session's end marks its agent done; the notifications that mean a human is
 * waited on mark it waiting.
 */
class SessionsIT {
    static final String PARENT = "5d3a9f2e-1b4c-4e8a-9f00-aa11bb22cc33";
    static final String TEAMMATE = "8c7e6b1a-2d3f-4a5b-8c9d-0e1f2a3b4c5d";
    /** The teammate's name: the worktree's, with the first characters of its session id. */
    static final String TEAMMATE_NAME = "app-147-8c7e6b";

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

    /** A reference payload with its cwd, and the session and subagent ids given (null: as the reference has them). */
    static String payload(String agent, String event, Path cwd, String sessionId, String agentId) throws IOException {
        ObjectNode node = (ObjectNode) Json.parseTree(AgentHookFormatsIT.payload(agent, event, cwd));
        if (sessionId != null) {
            node.put("session_id", sessionId);
        }
        if (agentId != null) {
            node.put("agent_id", agentId);
        }
        return node.toString();
    }

    /** The command our hook for {@code key} runs, from the agent's installed file. */
    String command(String agent, String key) throws IOException {
        String file = switch (agent) {
            case "claude" -> ".claude/settings.json";
            case "gemini" -> ".gemini/settings.json";
            case "cursor" -> ".cursor/hooks.json";
            default -> ".github/hooks/ghp-agents.json";
        };
        JsonNode hooks = Json.parseTree(Files.readString(main.dir().resolve(file))).path("hooks").path(key);
        for (JsonNode entry : hooks) {
            for (JsonNode h : entry.has("hooks") ? entry.path("hooks") : Json.parseTree("[" + entry + "]")) {
                String c = h.has("command") ? h.path("command").asText() : h.path("bash").asText();
                if (c.contains("agent-hooks run")) {
                    return c;
                }
            }
        }
        throw new AssertionError("no hook of ours for " + key + " in " + file);
    }

    GitRepo.Result claude(String key, String fixture, String sessionId, String agentId) throws IOException {
        GitRepo.Result r = new Launcher(tmp).env(env).sh(payload("claude", fixture, worker.dir(), sessionId, agentId),
                command("claude", key));
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        return r;
    }

    GitRepo.Result hook(String agent, String key, String fixture) throws IOException {
        GitRepo.Result r = new Launcher(tmp).env(env).sh(AgentHookFormatsIT.payload(agent, fixture, worker.dir()),
                command(agent, key));
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        return r;
    }

    JsonNode agents() {
        return Json.parseTree(main.showCoordination(".ghp/agent-status.json")).path("agents");
    }

    String status(String agent) {
        return agents().path(agent).path("status").asText(null);
    }

    GitRepo.Result ghp(Path dir, Map<String, String> more, String... args) {
        Map<String, String> vars = new HashMap<>(env);
        vars.putAll(more);
        GitRepo.Result r = new Launcher(dir).env(vars).run(args);
        assertThat(r.exit()).as(r.err()).isZero();
        return r;
    }

    void send(String to, String text) {
        ghp(main.dir(), Map.of(), "agent-message", "--by", "carol", "--to", to, text);
    }

    static String additionalContext(GitRepo.Result r) {
        return r.out().isEmpty() ? "" : Json.parseTree(r.out()).path("hookSpecificOutput").path("additionalContext").asText();
    }

    @Test
    void aParentItsSubagentAndATeammateInOneWorktreeEachGetTheirOwnMessagesOnceAndTheSubagentNone() throws IOException {
        install("claude");

        GitRepo.Result parentStart = claude("SessionStart", "SessionStart", PARENT, null);
        assertThat(parentStart.out()).contains("You are agent \"app-147\"");
        GitRepo.Result teammateStart = claude("SessionStart", "SessionStart", TEAMMATE, null);
        assertThat(teammateStart.out()).contains("You are agent \"" + TEAMMATE_NAME + "\"",
                "Another session works in this worktree as \"app-147\"");
        assertThat(agents().has("app-147")).isTrue();
        assertThat(agents().has(TEAMMATE_NAME)).isTrue();

        send("app-147", "parent: rebase on main");
        send(TEAMMATE_NAME, "teammate: take the tests");

        // The subagent shares its parent's session id; its tool calls neither see nor consume the parent's messages.
        GitRepo.Result subagent = claude("PostToolUse", "PostToolUse-subagent", PARENT, "agent-a1b2c3");
        assertThat(subagent.out()).isEmpty();
        GitRepo.Result subagentStart = claude("SubagentStart", "SubagentStart", PARENT, "agent-a1b2c3");
        assertThat(additionalContext(subagentStart)).contains("You are a subagent of agent \"app-147\"")
                .doesNotContain("rebase on main");

        String parentGot = additionalContext(claude("PostToolUse", "PostToolUse", PARENT, null));
        String teammateGot = additionalContext(claude("PostToolUse", "PostToolUse", TEAMMATE, null));
        assertThat(parentGot).contains("parent: rebase on main").doesNotContain("teammate: take the tests");
        assertThat(teammateGot).contains("teammate: take the tests").doesNotContain("parent: rebase on main");

        // Delivered once: nobody gets them again, the subagent least of all.
        assertThat(claude("PostToolUse", "PostToolUse", PARENT, null).out()).isEmpty();
        assertThat(claude("PostToolUse", "PostToolUse", TEAMMATE, null).out()).isEmpty();
        assertThat(claude("PostToolUse", "PostToolUse-subagent", PARENT, "agent-a1b2c3").out()).isEmpty();
        assertThat(ghp(main.dir(), Map.of(), "agent-inbox", "--agent", "app-147", "--all").out())
                .contains("parent: rebase on main");
    }

    @Test
    void aSubagentsToolCallLeavesItsParentsMessagesUnreadForTheParent() throws IOException {
        install("claude");
        claude("SessionStart", "SessionStart", PARENT, null);
        send("app-147", "only for the parent");

        assertThat(claude("PostToolUse", "PostToolUse-subagent", PARENT, "agent-a1b2c3").out()).isEmpty();
        assertThat(claude("PostToolUse", "PostToolUse-subagent", null, "agent-a1b2c3").out()).isEmpty();

        assertThat(additionalContext(claude("PostToolUse", "PostToolUse", PARENT, null))).contains("only for the parent");
    }

    @Test
    void aCommandRunInsideTheTeammatesSessionSpeaksAsTheTeammate() throws IOException {
        install("claude");
        claude("SessionStart", "SessionStart", PARENT, null);
        claude("SessionStart", "SessionStart", TEAMMATE, null);

        ghp(worker.dir(), Map.of("CLAUDE_CODE_SESSION_ID", TEAMMATE), "agent-heartbeat", "--status", "testing",
                "--action", "running the tests", "--quiet");
        ghp(worker.dir(), Map.of("CLAUDE_CODE_SESSION_ID", PARENT), "agent-heartbeat", "--status", "reviewing", "--quiet");

        assertThat(status(TEAMMATE_NAME)).isEqualTo("testing");
        assertThat(agents().path(TEAMMATE_NAME).path("lastAction").asText()).isEqualTo("running the tests");
        assertThat(status("app-147")).isEqualTo("reviewing");
    }

    @Test
    void aSubagentStartIsToldItsParentsClaimInClaudeCodesFormat() throws IOException {
        install("claude");
        claude("SessionStart", "SessionStart", PARENT, null);
        ghp(worker.dir(), Map.of(), "agent-heartbeat", "--issue", "147", "--files", "src/parser/**", "--quiet");
        GitRepo bob = main.addWorktree("app-9", "bob/9-lexer");
        ghp(bob.dir(), Map.of(), "agent-heartbeat", "--issue", "9", "--files", "src/lexer/**", "--status",
                "implementing", "--quiet");

        GitRepo.Result start = claude("SubagentStart", "SubagentStart", PARENT, null);

        JsonNode out = Json.parseTree(start.out()).path("hookSpecificOutput");
        assertThat(out.path("hookEventName").asText()).isEqualTo("SubagentStart");
        assertThat(out.path("additionalContext").asText()).contains(
                "You are a subagent of agent \"app-147\"", "issue #147", "src/parser/**", "app-9 · #9 · files src/lexer/**");
    }

    @Test
    void aSessionsEndMarksItsAgentDoneButAClearDoesNotAndTheNextSessionStartsAgain() throws IOException {
        install("claude");
        claude("SessionStart", "SessionStart", PARENT, null);
        claude("PostToolUse", "PostToolUse", PARENT, null);

        assertThat(claude("SessionEnd", "SessionEnd-clear", PARENT, null).out()).isEmpty();
        assertThat(status("app-147")).isEqualTo("starting");

        assertThat(claude("SessionEnd", "SessionEnd", PARENT, null).out()).isEmpty();
        assertThat(status("app-147")).isEqualTo("done");
        assertThat(agents().path("app-147").path("lastAction").asText()).isEqualTo("session ended (prompt_input_exit)");

        // A new session in the worktree takes the name back, and is no longer done.
        assertThat(claude("SessionStart", "SessionStart", TEAMMATE, null).out()).contains("You are agent \"app-147\"");
        assertThat(status("app-147")).isEqualTo("starting");
    }

    @Test
    void geminiCursorAndCopilotSessionEndsMarkTheAgentDone() throws IOException {
        for (String agent : new String[]{"gemini", "cursor", "copilot"}) {
            install(agent);
            String start = agent.equals("gemini") ? "SessionStart" : "sessionStart";
            String end = agent.equals("gemini") ? "SessionEnd" : "sessionEnd";
            hook(agent, start, start);
            assertThat(status("app-147")).as(agent).isEqualTo("starting");

            assertThat(hook(agent, end, end).out()).as(agent).isEmpty();

            assertThat(status("app-147")).as(agent).isEqualTo("done");
        }
    }

    @Test
    void claudesNotificationsThatWaitOnAHumanMarkTheAgentWaitingAndAFailedToolCallIsWork() throws IOException {
        install("claude");
        claude("SessionStart", "SessionStart", PARENT, null);
        ghp(worker.dir(), Map.of(), "agent-heartbeat", "--status", "implementing", "--quiet");

        claude("Notification", "Notification-auth", PARENT, null);
        assertThat(status("app-147")).isEqualTo("implementing");
        claude("Notification", "Notification-elicitation", PARENT, null);
        assertThat(status("app-147")).isEqualTo("waiting");
        assertThat(claude("PostToolUseFailure", "PostToolUseFailure", PARENT, null).out()).isEmpty();
        assertThat(status("app-147")).isEqualTo("implementing");
    }

    @Test
    void copilotsPermissionNotificationMarksTheAgentWaitingAndItsOtherNotificationsDoNothing() throws IOException {
        install("copilot");
        hook("copilot", "sessionStart", "sessionStart");
        ghp(worker.dir(), Map.of(), "agent-heartbeat", "--status", "implementing", "--quiet");

        assertThat(hook("copilot", "notification", "notification-shell").out()).isEmpty();
        assertThat(status("app-147")).isEqualTo("implementing");
        assertThat(hook("copilot", "notification", "notification").out()).isEmpty();
        assertThat(status("app-147")).isEqualTo("waiting");
    }

}

package dev.ghp.agents.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.testing.GitRepo;
import dev.ghp.agents.testing.Launcher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly once, to the right model (#23): each tool's installed hooks, run through bin/ghp the way
 * that tool runs them, with its reference payloads (src/test/resources/hooks/TOOL/). A message
 * stays unread wherever no model sees the run's output (GHP's scripts, whose stdout GHP discards;
 * Claude Code's hooks run by Copilot or Cursor; a Cursor stop that cannot follow up; an event whose
 * output the tool drops), and is marked read exactly once by the run that shows it.
 */
class DeliveryRoutesIT {
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

    void install(String... args) {
        List<String> all = new java.util.ArrayList<>(List.of("agent-hooks", "install"));
        all.addAll(List.of(args));
        GitRepo.Result r = new Launcher(main.dir()).env(env).run(all.toArray(String[]::new));
        assertThat(r.exit()).as(r.err()).isZero();
    }

    JsonNode file(String relative) throws IOException {
        return Json.parseTree(Files.readString(main.dir().resolve(relative)));
    }

    String grouped(String relative, String key) throws IOException {
        for (JsonNode group : file(relative).path("hooks").path(key)) {
            for (JsonNode h : group.path("hooks")) {
                if (h.path("command").asText().contains("agent-hooks run")) {
                    return h.path("command").asText();
                }
            }
        }
        throw new AssertionError("no hook of ours for " + key + " in " + relative);
    }

    String flat(String relative, String key, String field) throws IOException {
        for (JsonNode h : file(relative).path("hooks").path(key)) {
            if (h.path(field).asText().contains("agent-hooks run")) {
                return h.path(field).asText();
            }
        }
        throw new AssertionError("no hook of ours for " + key + " in " + relative);
    }

    /** The tool runs {@code command} through a shell with its payload {@code tool/event.json} on stdin. */
    GitRepo.Result runs(String tool, String event, String command) throws IOException {
        GitRepo.Result r = new Launcher(tmp).env(env).sh(AgentHookFormatsIT.payload(tool, event, worker.dir()), command);
        assertThat(r.exit()).as(r.err()).isZero();
        return r;
    }

    static void silent(GitRepo.Result r) {
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEmpty();
    }

    void send(String text) {
        GitRepo.Result r = new Launcher(worker.dir()).env(env).run("agent-message", "--to", "app-147", "--by", "carol", text);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(unread()).as("sent, unread").contains("msg-");
    }

    /** The agent's unread messages' files, as git lists them. */
    String unread() {
        return main.run("ls-tree", "--name-only", "refs/ghp/coordination:.ghp/inbox/app-147").out();
    }

    String status() {
        return main.showCoordination(".ghp/agent-status.json");
    }

    @Test
    void ghpsScriptsWhoseOutputGhpDiscardsLeaveTheMessageUnreadAndOurOwnHookDeliversItOnce() throws IOException {
        install("--for", "claude", "--ghp");
        String settings = ".claude/settings.json";
        runs("claude", "SessionStart", grouped(settings, "SessionStart"));
        send("please rebase on main");
        Path hooks = main.dir().resolve(".ghp/hooks");

        // GHP runs its scripts with Claude Code's JSON on stdin and throws their stdout away.
        GitRepo.Result active = GitRepo.Processes.run(main.dir(), env,
                AgentHookFormatsIT.payload("claude", "PostToolUse", worker.dir()), List.of(hooks.resolve("agent-active").toString()));
        silent(active);
        assertThat(unread()).as("nothing marked read by a run nobody sees").contains("msg-");
        GitRepo.Result stopped = GitRepo.Processes.run(main.dir(), env,
                AgentHookFormatsIT.payload("claude", "Stop", worker.dir()), List.of(hooks.resolve("agent-stopped").toString()));
        silent(stopped);
        assertThat(status()).as("the stop sets waiting instead of blocking").contains("\"status\": \"waiting\"");
        assertThat(unread()).contains("msg-");

        GitRepo.Result ours = runs("claude", "PostToolUse", grouped(settings, "PostToolUse"));
        assertThat(Json.parseTree(ours.out()).path("hookSpecificOutput").path("additionalContext").asText())
                .contains("please rebase on main");
        assertThat(unread()).as("marked read once shown").doesNotContain("msg-");
        silent(runs("claude", "PostToolUse", grouped(settings, "PostToolUse")));
    }

    @Test
    void claudeCodesHooksRunByCopilotOrCursorOnlyHeartbeatAndLeaveTheMessageUnread() throws IOException {
        install("--for", "claude");
        String settings = ".claude/settings.json";
        silent(runs("copilot", "claude-SessionStart", grouped(settings, "SessionStart")));
        assertThat(status()).as("registered all the same").contains("\"app-147\": {");
        send("please rebase on main");

        silent(runs("copilot", "claude-SessionStart", grouped(settings, "SessionStart")));
        silent(runs("copilot", "claude-PostToolUse", grouped(settings, "PostToolUse")));
        silent(runs("cursor", "claude-PostToolUse", grouped(settings, "PostToolUse")));
        silent(runs("copilot", "claude-Stop", grouped(settings, "Stop")));
        assertThat(status()).contains("\"status\": \"waiting\"");
        assertThat(unread()).contains("msg-");

        // It waits for a run that shows it: Copilot's own hook, in the same Copilot session. (Claude
        // Code's own run here would be another session in this worktree, so another agent: #23 sessions.)
        install("--for", "copilot");
        GitRepo.Result copilot = runs("copilot", "postToolUse", flat(".github/hooks/ghp-agents.json", "postToolUse", "bash"));
        assertThat(Json.parseTree(copilot.out()).path("additionalContext").asText()).contains("please rebase on main");
        assertThat(unread()).doesNotContain("msg-");
    }

    @Test
    void cursorFollowsUpOnlyAfterACompletedTurnBelowItsCapAndDeliversAfterEveryToolCall() throws IOException {
        install("--for", "cursor");
        String hooks = ".cursor/hooks.json";
        runs("cursor", "sessionStart", flat(hooks, "sessionStart", "command"));
        send("please rebase on main");

        silent(runs("cursor", "stop-aborted", flat(hooks, "stop", "command")));
        silent(runs("cursor", "stop-error", flat(hooks, "stop", "command")));
        silent(runs("cursor", "stop-loop-limit", flat(hooks, "stop", "command")));
        assertThat(unread()).as("no follow-up Cursor would drop").contains("msg-");
        silent(runs("cursor", "beforeSubmitPrompt", flat(hooks, "beforeSubmitPrompt", "command")));
        assertThat(status()).as("a prompt means work again").contains("\"status\": \"implementing\"");
        assertThat(unread()).as("beforeSubmitPrompt shows the model nothing").contains("msg-");

        GitRepo.Result stop = runs("cursor", "stop", flat(hooks, "stop", "command"));
        assertThat(Json.parseTree(stop.out()).path("followup_message").asText()).contains("please rebase on main");
        assertThat(unread()).doesNotContain("msg-");

        send("and run the tests");
        GitRepo.Result tool = runs("cursor", "postToolUse", flat(hooks, "postToolUse", "command"));
        JsonNode out = Json.parseTree(tool.out());
        assertThat(out.path("additional_context").asText()).contains("and run the tests");
        assertThat(out.size()).isEqualTo(1);
        assertThat(unread()).doesNotContain("msg-");
        silent(runs("cursor", "postToolUse", flat(hooks, "postToolUse", "command")));
    }

    @Test
    void copilotGetsItsBriefingAndMessagesAsAdditionalContextButNothingWhereItDropsTheOutput() throws IOException {
        install("--for", "copilot");
        String hooks = ".github/hooks/ghp-agents.json";
        runs("copilot", "sessionStart", flat(hooks, "sessionStart", "bash"));
        send("please rebase on main");

        GitRepo.Result start = runs("copilot", "sessionStart", flat(hooks, "sessionStart", "bash"));
        JsonNode briefing = Json.parseTree(start.out());
        assertThat(briefing.path("additionalContext").asText())
                .startsWith("[ghp-agents] Coordination context for this session.").contains("please rebase on main");
        assertThat(briefing.size()).isEqualTo(1);
        assertThat(unread()).doesNotContain("msg-");

        send("and run the tests");
        silent(runs("copilot", "userPromptSubmitted", flat(hooks, "userPromptSubmitted", "bash")));
        assertThat(unread()).as("Copilot drops a command userPromptSubmitted hook's output").contains("msg-");
        GitRepo.Result tool = runs("copilot", "postToolUse", flat(hooks, "postToolUse", "bash"));
        assertThat(Json.parseTree(tool.out()).path("additionalContext").asText()).contains("and run the tests");
        assertThat(unread()).doesNotContain("msg-");
        silent(runs("copilot", "postToolUse", flat(hooks, "postToolUse", "bash")));
    }

    @Test
    void geminisWarningsGoToALogNeverToStderrWhichGeminiWouldShowTheUser() throws IOException {
        install("--for", "gemini");
        String settings = ".gemini/settings.json";
        runs("gemini", "SessionStart", grouped(settings, "SessionStart"));

        GitRepo.Result gemini = runs("gemini", "AfterTool",
                grouped(settings, "AfterTool").replace("--for gemini", "--for gemini --from-a-newer-install"));

        silent(gemini);
        assertThat(Files.readString(main.commonDir().resolve("ghp-agents/hook-warnings.log")))
                .contains("ghp: hook post-tool-use: ignoring unknown arguments").contains("--from-a-newer-install");
        GitRepo.Result claude = runs("claude", "PostToolUse", "ghp-agents agent-hooks run post-tool-use --for claude --from-a-newer-install");
        assertThat(claude.err()).as("other agents keep their stderr").contains("ignoring unknown arguments").contains("--from-a-newer-install");
    }
}

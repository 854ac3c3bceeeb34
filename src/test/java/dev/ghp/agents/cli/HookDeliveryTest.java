package dev.ghp.agents.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.testing.CliRunner;
import dev.ghp.agents.testing.GitRepo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Messages delivered through hook runs, fed Claude Code's hook JSON: after a tool call and a
 * prompt as {@code additionalContext}, at a Stop as one block, at session start in the briefing;
 * each message once, and marked read.
 */
class HookDeliveryTest {
    @TempDir
    Path tmp;
    GitRepo main;
    GitRepo worker;
    CliRunner hooks;
    CliRunner lead;

    @BeforeEach
    void aWorkerInALinkedWorktreeAndALead() {
        main = GitRepo.init(tmp, "app");
        main.commitFile("README.md", "app\n");
        worker = main.addWorktree("app-wt1", "alice/147-parser");
        hooks = new CliRunner(tmp);
        lead = new CliRunner(main.dir()).env("GHP_AGENT", "lead");
        assertThat(lead.run("agent-heartbeat", "--issue", "1", "--status", "planning").exit()).isZero();
        assertThat(hook("session-start", "SessionStart", "").exit()).isZero();
    }

    CliRunner.Result hook(String hook, String claudeName, String extra) {
        String json = """
                {"session_id": "s-1", "cwd": "%s", "hook_event_name": "%s"%s}
                """.formatted(worker.dir(), claudeName, extra);
        CliRunner.Result r = hooks.stdin(json).run("agent-hooks", "run", hook);
        assertThat(r.exit()).as(r.err()).isZero();
        return r;
    }

    void send(String to, String text) {
        lead.clock().advance(Duration.ofSeconds(1)); // messages of one instant have no order but their random ids
        CliRunner.Result r = lead.run("agent-message", "--to", to, text);
        assertThat(r.exit()).as(r.err()).isZero();
    }

    static JsonNode json(String out) {
        try {
            return Json.parse(out.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError(out, e);
        }
    }

    @Test
    void postToolUseDeliversAnUnreadMessageOnceAsAdditionalContextAndMarksItRead() {
        send("app-wt1", "Rebase on main\u202e before you push");

        CliRunner.Result first = hook("post-tool-use", "PostToolUse", "");
        JsonNode out = json(first.out()).path("hookSpecificOutput");
        assertThat(out.path("hookEventName").asText()).isEqualTo("PostToolUse");
        String context = out.path("additionalContext").asText();
        assertThat(context).startsWith("[ghp-agents] 1 message for you (now marked read):\n- msg-")
                .contains(" · message · from lead\n")
                .contains("  | Rebase on main<U+202E> before you push\n")
                .contains("  reply: ghp agent-message --to lead \"…\"\n")
                .doesNotContain("\u202e");
        assertThat(first.err()).isEmpty();
        assertThat(main.git("ls-tree", "-r", "--name-only", "refs/ghp/coordination")).contains(".ghp/read/app-wt1/msg-")
                .doesNotContain(".ghp/inbox/app-wt1/");
        main.assertFsckClean();

        int commits = main.coordinationCommits();
        CliRunner.Result second = hook("post-tool-use", "PostToolUse", "");
        assertThat(second.out()).as("delivered once").isEmpty();
        assertThat(main.coordinationCommits()).as("nothing unread: nothing written").isEqualTo(commits);
    }

    @Test
    void userPromptSubmitDeliversWhatArrivedWhileTheAgentWaited() {
        hook("stop", "Stop", ", \"stop_hook_active\": false");
        send("#147", "Standup in five minutes");

        JsonNode out = json(hook("user-prompt-submit", "UserPromptSubmit", "").out()).path("hookSpecificOutput");

        assertThat(out.path("hookEventName").asText()).isEqualTo("UserPromptSubmit");
        assertThat(out.path("additionalContext").asText()).contains("from lead to #147").contains("| Standup in five minutes");
        assertThat(main.showCoordination(".ghp/agent-status.json")).contains("\"status\": \"implementing\"");
    }

    @Test
    void stopBlocksOnceForAMessageThatNeedsActionAndNeverWhenAStopHookAlreadyBlocked() {
        send("app-wt1", "Which branch holds the fix?");

        JsonNode block = json(hook("stop", "Stop", ", \"stop_hook_active\": false").out());
        assertThat(block.path("hookSpecificOutput").path("hookEventName").asText()).isEqualTo("Stop");
        assertThat(block.path("hookSpecificOutput").path("additionalContext").asText()).contains("| Which branch holds the fix?");
        assertThat(status()).as("a Stop that blocks keeps the turn going: the agent is not waiting").isEqualTo("starting");

        send("app-wt1", "And which test fails?");
        assertThat(hook("stop", "Stop", ", \"stop_hook_active\": true").out())
                .as("the Stop that follows a block never blocks: no loop").isEmpty();
        assertThat(status()).as("that turn did end").isEqualTo("waiting");
        assertThat(main.git("ls-tree", "-r", "--name-only", "refs/ghp/coordination")).as("left for the next tool call")
                .contains(".ghp/inbox/app-wt1/");

        JsonNode later = json(hook("post-tool-use", "PostToolUse", "").out());
        assertThat(later.path("hookSpecificOutput").path("additionalContext").asText()).contains("And which test fails?")
                .doesNotContain("Which branch holds the fix?");
    }

    @Test
    void aStopWithTheSameMessagesNeverBlocksTwice() {
        send("app-wt1", "Please look at #150");
        assertThat(hook("stop", "Stop", ", \"stop_hook_active\": false").out()).contains("\"additionalContext\"");

        assertThat(hook("stop", "Stop", ", \"stop_hook_active\": false").out()).isEmpty();
    }

    @Test
    void aBroadcastDoesNotHoldTheAgentAtStopButReachesItAtItsNextPrompt() {
        send("all", "Main is green again");

        assertThat(hook("stop", "Stop", ", \"stop_hook_active\": false").out()).isEmpty();

        assertThat(json(hook("user-prompt-submit", "UserPromptSubmit", "").out()).path("hookSpecificOutput")
                .path("additionalContext").asText()).contains("Main is green again");
    }

    @Test
    void sessionStartBriefsTheAgentWithItsUnreadMessagesAndMarksThemRead() {
        send("app-wt1", "Your parser branch conflicts with mine");

        CliRunner.Result r = hook("session-start", "SessionStart", ", \"source\": \"resume\"");

        assertThat(r.out()).startsWith("[ghp-agents] Coordination context for this session.\n")
                .contains("[ghp-agents] 1 message for you (now marked read):\n")
                .contains("| Your parser branch conflicts with mine");
        assertThat(hook("post-tool-use", "PostToolUse", "").out()).isEmpty();
    }

    @Test
    void aBurstIsDeliveredAFewAtATimeAndWhatDidNotFitStaysUnread() {
        for (int i = 1; i <= 7; i++) {
            send("app-wt1", "note " + i);
        }

        String first = json(hook("post-tool-use", "PostToolUse", "").out()).path("hookSpecificOutput").path("additionalContext").asText();
        assertThat(first).startsWith("[ghp-agents] 5 messages for you").contains("| note 1\n").contains("| note 5\n")
                .doesNotContain("note 6").endsWith("… and 2 more unread messages: ghp agent-inbox\n");

        hooks.clock().advance(Duration.ofSeconds(1));
        String second = json(hook("post-tool-use", "PostToolUse", "").out()).path("hookSpecificOutput").path("additionalContext").asText();
        assertThat(second).startsWith("[ghp-agents] 2 messages for you").contains("| note 6\n").contains("| note 7\n");
    }

    @Test
    void aLongMessageIsCutAndSaysWhereTheWholeTextIs() {
        send("app-wt1", "x".repeat(3000));

        String context = json(hook("post-tool-use", "PostToolUse", "").out()).path("hookSpecificOutput").path("additionalContext").asText();

        assertThat(context.length()).isLessThan(1000);
        assertThat(context).contains("[cut at 600 characters; the whole text: ghp agent-inbox --all]");
    }

    @Test
    void anAgentThatReadsNothingAfterAToolCallKeepsItsMessagesUnreadForItsStop() {
        send("app-wt1", "Rebase on main before you push");
        // The session the setup started: another conversation id would be a second session, another agent (#23).

        CliRunner.Result edit = hooks.stdin("""
                {"conversation_id": "s-1", "hook_event_name": "afterFileEdit", "workspace_roots": ["%s"]}
                """.formatted(worker.dir())).run("agent-hooks", "run", "afterFileEdit", "--for", "cursor");
        assertThat(edit.exit()).as(edit.err()).isZero();
        assertThat(edit.out()).isEmpty();
        assertThat(main.git("ls-tree", "-r", "--name-only", "refs/ghp/coordination")).as("not marked read: Cursor was shown nothing")
                .contains(".ghp/inbox/app-wt1/msg-");

        CliRunner.Result stop = hooks.stdin("""
                {"conversation_id": "s-1", "hook_event_name": "stop", "status": "completed", "workspace_roots": ["%s"]}
                """.formatted(worker.dir())).run("agent-hooks", "run", "stop", "--for", "cursor");
        assertThat(stop.exit()).as(stop.err()).isZero();
        assertThat(json(stop.out()).path("followup_message").asText()).contains("Rebase on main before you push");
        assertThat(main.git("ls-tree", "-r", "--name-only", "refs/ghp/coordination")).doesNotContain(".ghp/inbox/app-wt1/");
    }

    private String status() {
        CliRunner.Result r = lead.run("agent-status", "--agent", "app-wt1", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        return json(r.out()).path("agents").path("app-wt1").path("status").asText();
    }
}

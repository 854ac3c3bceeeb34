package dev.ghp.agents.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.testing.CliRunner;
import dev.ghp.agents.testing.GitRepo;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cursor (like Copilot and Gemini) sends no "stop hook already active" flag, so a message arriving
 * every turn would block every Stop (#22): our own bound lets a Stop block at most once per agent per
 * five minutes, recorded in the clone's git directory; the messages then wait for the next tool call.
 */
class StopBlockBoundTest {
    @TempDir
    Path tmp;
    GitRepo main;
    GitRepo worker;
    CliRunner hooks;
    CliRunner lead;

    @BeforeEach
    void aCursorAgentInALinkedWorktreeAndALead() {
        main = GitRepo.init(tmp, "app");
        main.commitFile("README.md", "app\n");
        worker = main.addWorktree("app-wt1", "alice/147-parser");
        hooks = new CliRunner(tmp).env("GHP_AGENT", null);
        lead = new CliRunner(main.dir()).env("GHP_AGENT", "lead");
        assertThat(lead.run("agent-heartbeat", "--issue", "1").exit()).isZero();
        CliRunner.Result joined = new CliRunner(worker.dir()).env("GHP_AGENT", null).run("agent-heartbeat", "--issue", "147");
        assertThat(joined.exit()).as(joined.err()).isZero();
    }

    @Test
    void aStopBlocksAtMostOncePerFiveMinutesWhateverArrivesEveryTurn() {
        send("first");
        CliRunner.Result blocked = stop();
        send("second");
        hooks.clock().advance(Duration.ofSeconds(30));
        CliRunner.Result bounded = stop();
        String waiting = main.git("ls-tree", "-r", "--name-only", "refs/ghp/coordination");
        hooks.clock().advance(Duration.ofMinutes(5));
        CliRunner.Result again = stop();

        assertThat(blocked.out()).contains("followup_message").contains("| first");
        assertThat(bounded.out()).as("a second Stop within 5 minutes does not block").isEmpty();
        assertThat(waiting).as("what it did not block for stays unread").contains(".ghp/inbox/app-wt1/msg-");
        assertThat(again.out()).contains("followup_message").contains("| second");
        assertThat(main.commonDir().resolve("ghp-agents/stop-blocks/app-wt1")).isRegularFile();
    }

    private void send(String text) {
        lead.clock().advance(Duration.ofSeconds(1));
        CliRunner.Result r = lead.run("agent-message", "--to", "app-wt1", text);
        assertThat(r.exit()).as(r.err()).isZero();
    }

    private CliRunner.Result stop() {
        CliRunner.Result r = hooks.stdin("""
                {"conversation_id": "c-1", "hook_event_name": "stop", "status": "completed", "workspace_roots": ["%s"]}
                """.formatted(worker.dir())).run("agent-hooks", "run", "stop", "--for", "cursor");
        assertThat(r.exit()).as(r.err()).isZero();
        return r;
    }
}

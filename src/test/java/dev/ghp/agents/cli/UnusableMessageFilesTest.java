package dev.ghp.agents.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.testing.CliRunner;
import dev.ghp.agents.testing.GitRepo;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files in an inbox that are not messages a delivery can use (planted with git's plumbing: a
 * malformed one, one whose name is not its id, one of megabytes): the other messages are still
 * delivered and sent, hooks exit 0, and the first delivery removes the unusable files.
 */
class UnusableMessageFilesTest {
    private static final String REF = "refs/ghp/coordination";

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
        ok(lead.run("agent-heartbeat", "--issue", "1", "--status", "planning"));
        ok(hook("session-start", "SessionStart", ""));
    }

    private static CliRunner.Result ok(CliRunner.Result r) {
        assertThat(r.exit()).as("exit code; stderr: %s", r.err()).isZero();
        return r;
    }

    private CliRunner.Result hook(String hook, String claudeName, String extra) {
        String json = """
                {"session_id": "s-1", "cwd": "%s", "hook_event_name": "%s"%s}
                """.formatted(worker.dir(), claudeName, extra);
        return hooks.stdin(json).run("agent-hooks", "run", hook);
    }

    private static String message(String id, String text) {
        return """
                {"schemaVersion": 1, "id": "%s", "kind": "answer", "from": "lead", "to": "app-wt1", "address": "app-wt1",
                 "text": "%s", "issue": null, "createdAt": "2026-01-01T00:00:00Z", "readAt": null}
                """.formatted(id, text);
    }

    private String inbox() {
        return main.git("ls-tree", "-r", "--name-only", REF, ".ghp/inbox/app-wt1");
    }

    @Test
    void aMalformedInboxFileStopsNeitherDeliveryNorSendingAndGoesWithTheFirstDelivery() {
        main.commitToCoordination(".ghp/inbox/app-wt1/msg-0000bad1.json", "{ not json", "plant");
        ok(lead.run("agent-message", "--to", "app-wt1", "the good one"));

        CliRunner.Result delivered = ok(hook("post-tool-use", "PostToolUse", ""));

        assertThat(delivered.out()).contains("the good one");
        assertThat(delivered.err()).isEmpty();
        assertThat(inbox()).isEmpty();
        ok(lead.run("agent-message", "--to", "app-wt1", "a second one"));
        assertThat(ok(lead.run("agent-inbox", "--agent", "app-wt1")).out()).contains("a second one");
        main.assertFsckClean();
    }

    @Test
    void aMessageWhoseNameIsNotItsIdBlocksNoStopAndIsRemoved() {
        main.commitToCoordination(".ghp/inbox/app-wt1/msg-00000001.json", message("msg-00000002", "answered"), "plant");

        CliRunner.Result first = ok(hook("stop", "Stop", ", \"stop_hook_active\": false"));
        CliRunner.Result second = ok(hook("stop", "Stop", ", \"stop_hook_active\": false"));

        assertThat(first.out()).doesNotContain("answered");
        assertThat(second.out()).isEmpty();
        assertThat(inbox()).isEmpty();
    }

    @Test
    void aMessageFileOfMegabytesIsNotReadAndTheOthersArrive() {
        main.commitToCoordination(".ghp/inbox/app-wt1/msg-000000b1.json", message("msg-000000b1", "x".repeat(8 << 20)),
                "plant");
        ok(lead.run("agent-message", "--to", "app-wt1", "small and fine"));

        assertThat(ok(hook("post-tool-use", "PostToolUse", "")).out()).contains("small and fine").doesNotContain("xxxx");
        assertThat(inbox()).isEmpty();
    }
}

package dev.ghp.agents.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.model.Json;
import dev.ghp.agents.testing.GitRemotes;
import dev.ghp.agents.testing.GitRepo;
import dev.ghp.agents.testing.Launcher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end through {@code bin/ghp}: two clones of a bare remote, explicit {@code agent-sync}
 * (autoSync off). What a sync brings is told to the agent it concerns on the clone that receives it,
 * once: the holder of #20 finishes on clone a, and w9, blocked on #20 in a worktree of clone b, is told.
 */
class SyncNoticesIT {
    private static final String REF = "refs/ghp/coordination";

    @TempDir
    Path tmp;
    GitRepo remote;
    GitRepo a;
    GitRepo b;
    Path w9;
    Launcher ghpA;
    Launcher ghpB;

    @BeforeEach
    void twoClonesOfOneRemote() {
        remote = GitRemotes.bare(tmp, "remote.git");
        a = GitRemotes.cloneOf(remote, tmp, "a");
        b = GitRemotes.cloneOf(remote, tmp, "b");
        b.commitFile("README.md", "b\n");
        w9 = b.addWorktree("w9", "w9/170-cache").dir();
        ghpA = new Launcher(a.dir()).env("GHP_AUTO_SYNC", "off");
        ghpB = new Launcher(b.dir()).env("GHP_AUTO_SYNC", "off");
    }

    private static GitRepo.Result ok(GitRepo.Result r) {
        assertThat(r.exit()).as("exit code; stderr: %s", r.err()).isZero();
        return r;
    }

    /** A PostToolUse hook run of the agent in {@code worktree}: what its model would be given. */
    private static String toolCall(Launcher ghp, Path worktree) {
        String json = "{\"session_id\": \"s-" + worktree.getFileName() + "\", \"transcript_path\": \"/tmp/t.jsonl\", \"cwd\": \""
                + worktree + "\", \"hook_event_name\": \"PostToolUse\", \"tool_name\": \"Bash\"}";
        GitRepo.Result r = ghp.runWithInput(json, "agent-hooks", "run", "post-tool-use");
        assertThat(r.exit()).as("a hook run always exits 0; stderr: %s", r.err()).isZero();
        if (r.out().isEmpty()) {
            return "";
        }
        try {
            return Json.parse(r.out().getBytes(StandardCharsets.UTF_8)).path("hookSpecificOutput")
                    .path("additionalContext").asText();
        } catch (IOException e) {
            throw new AssertionError(r.out(), e);
        }
    }

    /** The messages of w9 in a clone's record, read and unread: one line per file. */
    private static long noticesOfW9(GitRepo clone) {
        return clone.git("ls-tree", "-r", "--name-only", REF, ".ghp/inbox/w9", ".ghp/read/w9").lines().count();
    }

    @Test
    void aBlockerThatFinishedOnAnotherCloneIsToldOnceAtTheNextToolCall() {
        ok(ghpA.run("agent-heartbeat", "--agent", "holder", "--issue", "20", "--status", "implementing"));
        ok(ghpA.run("agent-sync"));
        ok(ghpB.run("agent-sync"));
        ok(ghpB.in(w9).run("agent-heartbeat", "--status", "blocked", "--blocked-on", "20"));
        ok(ghpA.run("agent-heartbeat", "--agent", "holder", "--status", "done", "--action", "opened PR #9"));
        ok(ghpA.run("agent-sync"));

        ok(ghpB.run("agent-sync"));

        String told = toolCall(ghpB.in(w9), w9);
        assertThat(told).contains("blocker · from ghp").contains("Blocker #20 finished: holder reported done")
                .contains("arrived from another clone with agent-sync");
        assertThat(toolCall(ghpB.in(w9), w9)).as("told once").isEmpty();
        ok(ghpB.run("agent-sync"));
        ok(ghpA.run("agent-sync"));
        ok(ghpB.run("agent-sync"));
        assertThat(noticesOfW9(a)).as("clone a wrote no notice of its own for b's agent").isEqualTo(1);
        assertThat(noticesOfW9(b)).isEqualTo(1);
        assertThat(toolCall(ghpB.in(w9), w9)).isEmpty();
        remote.assertFsckClean();
        b.assertFsckClean();
    }

    @Test
    void aNoticeTheWritingCloneSentAlreadyIsNotSentAgainByTheSync() {
        ok(ghpA.run("agent-heartbeat", "--agent", "holder", "--issue", "20", "--status", "implementing"));
        ok(ghpA.run("agent-sync"));
        ok(ghpB.run("agent-sync"));
        ok(ghpB.in(w9).run("agent-heartbeat", "--status", "blocked", "--blocked-on", "20"));
        ok(ghpB.run("agent-sync"));
        ok(ghpA.run("agent-sync"));
        ok(ghpA.run("agent-heartbeat", "--agent", "holder", "--status", "done", "--action", "opened PR #9"));
        assertThat(noticesOfW9(a)).as("clone a's write told w9, which it knew of").isEqualTo(1);
        ok(ghpA.run("agent-sync"));

        ok(ghpB.run("agent-sync"));

        String told = toolCall(ghpB.in(w9), w9);
        assertThat(told).contains("Blocker #20 finished: holder reported done").contains("written by holder");
        assertThat(told).doesNotContain("arrived from another clone");
        assertThat(toolCall(ghpB.in(w9), w9)).isEmpty();
        assertThat(noticesOfW9(b)).isEqualTo(1);
    }

    @Test
    void anInboxWaitOnTheReceivingCloneEndsWhenTheSyncBringsTheNotice() throws Exception {
        ok(ghpA.run("agent-heartbeat", "--agent", "holder", "--issue", "20", "--status", "implementing"));
        ok(ghpA.run("agent-sync"));
        ok(ghpB.run("agent-sync"));
        ok(ghpB.in(w9).run("agent-heartbeat", "--status", "blocked", "--blocked-on", "20"));
        Process waiting = ghpB.in(w9).builder("agent-inbox", "--wait", "2m")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        ok(ghpA.run("agent-heartbeat", "--agent", "holder", "--status", "done"));
        ok(ghpA.run("agent-sync"));

        ok(ghpB.run("agent-sync"));

        assertThat(waiting.waitFor(2, TimeUnit.MINUTES)).as("the wait ended").isTrue();
        String out = new String(waiting.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(waiting.exitValue()).as(out).isZero();
        assertThat(out).contains("Blocker #20 finished: holder reported done");
        assertThat(toolCall(ghpB.in(w9), w9)).as("the inbox showed it: the hook has nothing more").isEmpty();
    }

    @Test
    void aLeadIsToldOnceAcrossClonesOfAConflictTheMergeOpenedAndOfAQuestionOpenedOnTheOtherClone() throws Exception {
        for (GitRepo clone : new GitRepo[]{a, b}) {
            java.nio.file.Files.createDirectories(clone.dir().resolve(".ghp"));
            java.nio.file.Files.writeString(clone.dir().resolve(".ghp/config.json"), "{\"agents\": {\"leads\": [\"alice\"]}}\n");
        }
        ok(ghpA.run("agent-heartbeat", "--agent", "w1", "--issue", "147"));
        ok(ghpB.run("agent-heartbeat", "--agent", "w2", "--issue", "147"));
        ok(ghpA.run("agent-sync"));
        String conflict = Json.parseObject(ok(ghpB.run("agent-sync", "--json")).out()).path("conflicts").get(0)
                .path("id").asText();
        ok(ghpA.run("agent-sync"));
        String question = ok(ghpA.run("agent-escalate", "--agent", "w1", "Tabs or spaces?")).out().trim();
        ok(ghpA.run("agent-sync"));
        ok(ghpB.run("agent-sync"));
        ok(ghpA.run("agent-sync"));

        for (GitRepo clone : new GitRepo[]{a, b}) {
            assertThat(clone.git("ls-tree", "-r", "--name-only", REF, ".ghp/inbox/alice", ".ghp/read/alice").lines())
                    .as("one notice per escalation").hasSize(2);
        }
        String inbox = ok(ghpB.run("agent-inbox", "--agent", "alice")).out();
        assertThat(inbox).contains("Escalation " + conflict + " (conflict) opened")
                .contains("Escalation " + question + " (question) opened by w1 on #147");
        remote.assertFsckClean();
    }
}

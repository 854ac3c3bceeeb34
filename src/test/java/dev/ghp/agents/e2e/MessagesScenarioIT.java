package dev.ghp.agents.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.testing.GitRemotes;
import dev.ghp.agents.testing.GitRepo;
import dev.ghp.agents.testing.Launcher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loop of issue #13 from both sides, through {@code bin/ghp} only: an orchestrator (and a
 * person answering escalations) in the main worktree, three workers in linked worktrees whose
 * hooks run with Claude Code's JSON on stdin. Each notice reaches its worker at the worker's next
 * hook run, once; then the same across two clones of a bare remote. What each worker's model
 * receives is written, with byte counts, to {@code target/messages-transcript.md}.
 */
class MessagesScenarioIT {
    static final Path TRANSCRIPT = Launcher.ROOT.resolve("target/messages-transcript.md");
    static final StringBuilder transcript = new StringBuilder();

    @TempDir
    Path tmp;

    @BeforeAll
    static void begin() {
        transcript.append("# What a worker's model receives (MessagesScenarioIT)\n\n"
                + "Each step: the hook event, the bytes the hook printed on stdout (what Claude Code reads), and that output.\n");
    }

    @AfterAll
    static void write() throws IOException {
        Files.createDirectories(TRANSCRIPT.getParent());
        Files.writeString(TRANSCRIPT, transcript.toString());
    }

    private static GitRepo.Result ok(GitRepo.Result r) {
        assertThat(r.exit()).as("exit code; stderr: %s", r.err()).isZero();
        return r;
    }

    /** One hook run of the worker in {@code worktree}, as Claude Code starts it, recorded in the transcript. */
    private static String hook(Launcher ghp, String step, Path worktree, String event, String claudeName, String extra) {
        String json = "{\"session_id\": \"s-" + worktree.getFileName() + "\", \"transcript_path\": \"/tmp/t.jsonl\", \"cwd\": \""
                + worktree + "\", \"hook_event_name\": \"" + claudeName + "\"" + extra + "}";
        GitRepo.Result r = ghp.runWithInput(json, "agent-hooks", "run", event);
        assertThat(r.exit()).as("a hook run always exits 0; stderr: %s", r.err()).isZero();
        int bytes = r.out().getBytes(StandardCharsets.UTF_8).length;
        transcript.append("\n## ").append(step).append("\n\n`").append(worktree.getFileName()).append("`: ")
                .append(claudeName).append(extra.isEmpty() ? "" : " (" + extra.substring(2) + ")")
                .append(" → ").append(bytes).append(" bytes").append(bytes == 0 ? " (nothing)\n" : "\n\n```\n" + r.out()
                        + (r.out().endsWith("\n") ? "" : "\n") + "```\n");
        return r.out();
    }

    private static String context(String out) {
        try {
            return Json.parse(out.getBytes(StandardCharsets.UTF_8)).path("hookSpecificOutput").path("additionalContext").asText();
        } catch (IOException e) {
            throw new AssertionError(out, e);
        }
    }

    @Test
    void anOrchestratorAndThreeWorkersInLinkedWorktrees() throws Exception {
        GitRepo main = GitRepo.init(tmp, "app");
        main.commitFile("README.md", "app\n");
        Path w1 = main.addWorktree("w1", "w1/147-parser").dir();
        Path w2 = main.addWorktree("w2", "w2/150-lexer").dir();
        Path w3 = main.addWorktree("w3", "w3/160-docs").dir();
        Launcher ghp = new Launcher(main.dir());
        ok(ghp.run("agent-heartbeat", "--agent", "lead", "--issue", "1", "--status", "planning", "--action", "splitting the work"));
        transcript.append("\n# One clone: orchestrator `lead` in the main worktree, workers w1, w2, w3 in linked worktrees\n");
        for (Path w : new Path[]{w1, w2, w3}) {
            hook(ghp, "Session start of " + w.getFileName(), w, "session-start", "SessionStart", ", \"source\": \"startup\"");
        }
        ok(ghp.in(w1).run("agent-heartbeat", "--status", "implementing", "--files", "src/parser/**"));

        // Assignment: the orchestrator moves w2 to #151; w2 learns it at its next tool call, once.
        ok(ghp.in(main.dir()).run("agent-assign", "--by", "lead", "--to", "w2", "--issue", "151", "--note", "the lexer first"));
        String assigned = hook(ghp, "Assignment, at w2's next tool call", w2, "post-tool-use", "PostToolUse", ", \"tool_name\": \"Bash\"");
        assertThat(context(assigned)).contains("assignment · from lead").contains("#151 assigned to you by lead")
                .contains("the lexer first").contains("reply: ghp agent-message --to lead");
        assertThat(hook(ghp, "w2's tool call after that", w2, "post-tool-use", "PostToolUse", ", \"tool_name\": \"Bash\"")).isEmpty();

        // A question answered by a person mid-session: delivered at w1's next tool call, once.
        String id = ok(ghp.in(w1).run("agent-escalate", "--kind", "question", "Tabs or spaces in the grammar files?")).out().trim();
        assertThat(id).startsWith("esc-");
        ok(ghp.in(main.dir()).run("agent-escalate", "--resolve", id, "--answer", "Tabs", "--by", "alice"));
        String answer = hook(ghp, "A person's answer, at w1's next tool call", w1, "post-tool-use", "PostToolUse", ", \"tool_name\": \"Edit\"");
        assertThat(context(answer)).contains("answer · from alice").contains(id + " (question) answered by alice: Tabs")
                .contains("reply: ghp agent-escalate --issue 147");
        assertThat(hook(ghp, "w1's tool call after that", w1, "post-tool-use", "PostToolUse", ", \"tool_name\": \"Edit\"")).isEmpty();

        // A message that needs action while w1's turn ends: the Stop blocks once, and never again.
        ok(ghp.in(w2).run("agent-message", "--to", "w1", "Is src/parser/Token.java stable? I am about to import it."));
        JsonNode block = Json.parse(hook(ghp, "A message from w2 as w1's turn ends", w1, "stop", "Stop",
                ", \"stop_hook_active\": false").getBytes(StandardCharsets.UTF_8));
        assertThat(block.path("hookSpecificOutput").path("hookEventName").asText()).isEqualTo("Stop");
        assertThat(block.path("hookSpecificOutput").path("additionalContext").asText()).contains("from w2").contains("reply: ghp agent-message --to w2");
        assertThat(hook(ghp, "The Stop after the block", w1, "stop", "Stop", ", \"stop_hook_active\": true")).isEmpty();

        // Unblock: w3 waits on #147; w1 finishes it. The briefing says what became of the blocker.
        ok(ghp.in(w3).run("agent-heartbeat", "--status", "blocked", "--blocked-on", "147"));
        ok(ghp.in(w1).run("agent-heartbeat", "--status", "done", "--action", "opened PR #9"));
        String unblocked = hook(ghp, "w1 finished #147: w3's next tool call", w3, "post-tool-use", "PostToolUse", "");
        assertThat(context(unblocked)).contains("blocker · from ").contains("w1").contains("#147");
        assertThat(hook(ghp, "w3's tool call after that", w3, "post-tool-use", "PostToolUse", "")).isEmpty();
        String resumed = hook(ghp, "w3 resumes its session", w3, "session-start", "SessionStart", ", \"source\": \"resume\"");
        assertThat(resumed).contains("Your blocker #147: done");

        // A refused file claim: w2 asks for w1's files... w1 is done, so its claims no longer hold; w3 holds docs/**.
        ok(ghp.in(w3).run("agent-heartbeat", "--status", "implementing", "--files", "docs/**"));
        GitRepo.Result refused = ghp.in(w2).run("agent-heartbeat", "--files", "docs/guide.md");
        assertThat(refused.exit()).as(refused.err()).isEqualTo(3);
        String told = hook(ghp, "w2's claim of docs/guide.md was refused: w3's (the holder's) next tool call",
                w3, "post-tool-use", "PostToolUse", "");
        assertThat(context(told)).contains("overlap · from ").contains("w2").contains("docs/guide.md");
        assertThat(hook(ghp, "w3's tool call after that", w3, "post-tool-use", "PostToolUse", "")).isEmpty();
        String holder = hook(ghp, "w3's session start after the refusal", w3, "session-start", "SessionStart", ", \"source\": \"resume\"");
        assertThat(holder).contains("conflict").contains("w2");

        // A handoff addressed to w1, which finished its own issue.
        ok(ghp.in(w2).run("agent-handoff", "--to", "w1", "--note", "The lexer tests are in LexerTest; two fail on CRLF."));
        String handed = hook(ghp, "w2 handed #151 off to w1: w1's next tool call", w1, "post-tool-use", "PostToolUse", "");
        assertThat(context(handed)).contains("handoff · from w2").contains("#151");
        assertThat(hook(ghp, "w1's tool call after that", w1, "post-tool-use", "PostToolUse", "")).isEmpty();
        String taking = hook(ghp, "w1 starts a session on #151", w1, "session-start", "SessionStart", ", \"source\": \"clear\"");
        assertThat(taking).contains("Latest handoff for issue #151: from w2").contains("two fail on CRLF");

        // Every notice arrived once: nothing unread is left for the workers that were told.
        assertThat(main.git("ls-tree", "-r", "--name-only", "refs/ghp/coordination", ".ghp/inbox/w1", ".ghp/inbox/w2",
                ".ghp/inbox/w3")).isEmpty();
        main.assertFsckClean();
    }

    @Test
    void theSameAcrossTwoClonesOfABareRemote() throws Exception {
        GitRepo remote = GitRemotes.bare(tmp, "remote.git");
        GitRepo a = GitRemotes.cloneOf(remote, tmp, "a");
        GitRepo b = GitRemotes.cloneOf(remote, tmp, "b");
        b.commitFile("README.md", "b\n");
        Path w9 = b.addWorktree("w9", "w9/170-cache").dir();
        Launcher ghpA = new Launcher(a.dir());
        Launcher ghpB = new Launcher(b.dir());
        transcript.append("\n# Two clones of a bare remote: the orchestrator on clone a, worker w9 in a linked worktree of clone b\n");
        String first = hook(ghpB, "w9's session start, clone b never synced", w9, "session-start", "SessionStart", ", \"source\": \"startup\"");
        assertThat(first).contains("Sync with 'origin': never synced from this clone");
        ok(ghpB.run("agent-sync"));
        ok(ghpA.run("agent-sync"));

        ok(ghpA.run("agent-message", "--by", "lead", "--to", "w9", "The cache must stay under 64 MiB."));
        ok(ghpA.run("agent-sync"));
        ok(ghpB.run("agent-sync"));
        String delivered = hook(ghpB, "A message from lead on clone a, at w9's next tool call on clone b", w9, "post-tool-use",
                "PostToolUse", ", \"tool_name\": \"Read\"");
        assertThat(context(delivered)).contains("from lead").contains("The cache must stay under 64 MiB.");
        assertThat(hook(ghpB, "w9's tool call after that", w9, "post-tool-use", "PostToolUse", ", \"tool_name\": \"Read\"")).isEmpty();
        ok(ghpB.run("agent-sync"));
        ok(ghpA.run("agent-sync"));

        assertThat(a.git("ls-tree", "-r", "--name-only", "refs/ghp/coordination", ".ghp/inbox")).isEmpty();
        assertThat(a.git("ls-tree", "-r", "--name-only", "refs/ghp/coordination", ".ghp/read/w9").lines()).hasSize(1);
        String later = hook(ghpB, "w9's session start after the syncs", w9, "session-start", "SessionStart", ", \"source\": \"resume\"");
        assertThat(later).contains("Sync with 'origin': last synced");
        remote.assertFsckClean();
    }
}

package dev.ghp.agents.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.testing.CliRunner;
import dev.ghp.agents.testing.GitRepo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ghp agent-hooks run EVENT}, fed Claude Code's hook JSON on stdin as Claude Code would. */
class HookRunCommandTest {
    @TempDir
    Path tmp;
    GitRepo main;
    GitRepo worker;
    CliRunner ghp;

    @BeforeEach
    void repositoryWithAWorkerWorktree() {
        main = GitRepo.init(tmp, "app");
        main.commitFile("README.md", "app\n");
        worker = main.addWorktree("app-wt1", "alice/147-parser");
        // Claude Code starts hooks wherever it likes; only the event's cwd says where the session is.
        ghp = new CliRunner(tmp);
    }

    static String event(String name, Path cwd) {
        return """
                {"session_id": "s-1", "transcript_path": "/tmp/t.jsonl", "cwd": "%s", "hook_event_name": "%s",
                 "tool_name": "Edit", "tool_input": {"file_path": "/x", "cwd": "/elsewhere"}, "tool_response": {"ok": true}}
                """.formatted(cwd, name);
    }

    CliRunner.Result run(String hook, String claudeName, Path cwd) {
        return ghp.stdin(event(claudeName, cwd)).run("agent-hooks", "run", hook);
    }

    String status() {
        return main.showCoordination(".ghp/agent-status.json");
    }

    @Test
    void sessionStartRegistersTheWorktreesAgentOnItsBranchsIssueAndBriefsIt() {
        CliRunner.Result r = run("session-start", "SessionStart", worker.dir());

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(status()).contains("\"app-wt1\": {\n      \"issue\": 147,\n      \"status\": \"starting\"");
        assertThat(r.out()).startsWith("[ghp-agents] Coordination context for this session.\n"
                + "You are agent \"app-wt1\" (worktree " + worker.dir() + ", branch alice/147-parser).\n"
                + "Your entry: issue #147 (claimed) · status starting · last heartbeat 0s ago\n");
    }

    @Test
    void postToolUsePrintsNothingAndWritesAtMostOnceAMinute() {
        run("session-start", "SessionStart", worker.dir());
        int commits = main.coordinationCommits();

        ghp.clock().advance(Duration.ofSeconds(30));
        CliRunner.Result quick = run("post-tool-use", "PostToolUse", worker.dir());
        assertThat(quick.exit()).isZero();
        assertThat(quick.out()).isEmpty();
        assertThat(quick.err()).isEmpty();
        assertThat(main.coordinationCommits()).as("throttled").isEqualTo(commits);

        ghp.clock().advance(Duration.ofSeconds(31));
        CliRunner.Result later = run("post-tool-use", "PostToolUse", worker.dir());
        assertThat(later.out()).isEmpty();
        assertThat(main.coordinationCommits()).isEqualTo(commits + 1);
        assertThat(status()).contains("\"timestamp\": \"2025-01-25T10:31:01Z\"");
    }

    @Test
    void postToolUseDoesNotBringBackAnAgentThatSignedOff() {
        run("session-start", "SessionStart", worker.dir());
        assertThat(new CliRunner(worker.dir()).run("agent-heartbeat", "--sign-off").exit()).isZero();
        int commits = main.coordinationCommits();

        CliRunner.Result r = run("post-tool-use", "PostToolUse", worker.dir());

        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(main.coordinationCommits()).isEqualTo(commits);
        assertThat(status()).doesNotContain("app-wt1");
    }

    @Test
    void stopMarksAWorkingAgentWaitingAndItsNextToolCallMarksItWorkingAgain() {
        assertThat(new CliRunner(worker.dir()).run("agent-heartbeat", "--status", "testing", "--action", "running the suite").exit()).isZero();

        CliRunner.Result stop = run("stop", "Stop", worker.dir());
        assertThat(stop.exit()).isZero();
        assertThat(stop.out()).isEmpty();
        assertThat(status()).contains("\"status\": \"waiting\"").contains("\"lastAction\": \"running the suite\"");

        run("post-tool-use", "PostToolUse", worker.dir());
        assertThat(status()).contains("\"status\": \"implementing\"");
    }

    @Test
    void stopLeavesABlockedAgentBlocked() {
        assertThat(new CliRunner(worker.dir()).run("agent-heartbeat", "--status", "blocked", "--blocked-on", "150").exit()).isZero();

        run("stop", "Stop", worker.dir());

        assertThat(status()).contains("\"status\": \"blocked\"").contains("\"blockedOn\": \"#150\"");
    }

    @Test
    void theEventsCwdDecidesTheAgentNotWhereTheHookWasStarted() {
        run("session-start", "SessionStart", main.dir());
        run("session-start", "SessionStart", worker.dir().resolve("."));

        assertThat(status()).contains("\"app\": {").contains("\"app-wt1\": {");
    }

    @Test
    void withoutStdinTheProjectDirThenTheWorkingDirectoryIsUsed() {
        CliRunner.Result r = new CliRunner(tmp).env("CLAUDE_PROJECT_DIR", worker.dir().toString())
                .run("agent-hooks", "run", "session-start");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("You are agent \"app-wt1\"");
    }

    @Test
    void sessionStartBriefingCarriesEscalationsAndTheLatestHandoff() {
        run("session-start", "SessionStart", worker.dir());
        writeOnRef(".ghp/escalations/esc-0badc0de.json", """
                {"schemaVersion": 1, "id": "esc-0badc0de", "kind": "question", "status": "open",
                 "message": "Which date format do we want?", "issue": 147, "agent": "app-wt1",
                 "createdAt": "2025-01-25T10:20:00Z"}
                """);
        writeOnRef(".ghp/handoffs/147-bob-20250124T170000Z.md", "# Handoff\nParser half done; see TODO in Lexer.java\n");

        CliRunner.Result r = run("session-start", "SessionStart", worker.dir());

        assertThat(r.out()).contains("Open escalations for you or issue #147 (1):\n"
                        + "  - esc-0badc0de · question · #147 · by app-wt1 · 10m ago: Which date format do we want?\n")
                .contains("Latest handoff for issue #147: from bob, 20250124T170000Z (.ghp/handoffs/147-bob-20250124T170000Z.md)\n"
                        + "  | # Handoff\n  | Parser half done; see TODO in Lexer.java\n");
    }

    @Test
    void aHugeRecordStillGivesABriefingUnderClaudeCodesTenThousandCharacterCap() {
        run("session-start", "SessionStart", worker.dir());
        String longText = "x".repeat(400);
        for (int i = 0; i < 12; i++) {
            writeOnRef(".ghp/escalations/esc-0000000" + Integer.toHexString(i) + ".json", """
                    {"schemaVersion": 1, "id": "esc-0000000%s", "kind": "question", "status": "open",
                     "message": "%s", "issue": 147, "agent": "app-wt1", "createdAt": "2025-01-25T10:20:00Z"}
                    """.formatted(Integer.toHexString(i), longText));
            writeOnRef(".ghp/escalations/esc-1000000" + Integer.toHexString(i) + ".json", """
                    {"schemaVersion": 1, "id": "esc-1000000%s", "kind": "question", "status": "resolved",
                     "message": "%s", "issue": 147, "agent": "app-wt1", "createdAt": "2025-01-25T10:00:00Z",
                     "answer": "%s", "resolvedBy": "lead", "resolvedAt": "2025-01-25T10:25:00Z"}
                    """.formatted(Integer.toHexString(i), longText, longText));
        }
        writeOnRef(".ghp/handoffs/147-bob-20250124T170000Z.md", ("a handoff line of some length " + "y".repeat(70) + "\n").repeat(200));

        CliRunner.Result r = run("session-start", "SessionStart", worker.dir());

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("[ghp-agents] Coordination context for this session.\n")
                .contains("Latest handoff for issue #147")
                .contains("\nProtocol: ");
        assertThat(r.out().length()).as("the briefing bounds itself inside HookReply's cap").isLessThan(dev.ghp.agents.hooks.HookReply.MAX_CONTEXT);
    }

    /** Puts a file on the coordination ref with plain git, as another tool would. */
    void writeOnRef(String path, String content) {
        try {
            Path file = tmp.resolve("blob");
            Files.writeString(file, content);
            String blob = main.git("hash-object", "-w", file.toString()).trim();
            main.git("read-tree", "--index-output=" + tmp.resolve("idx"), "refs/ghp/coordination");
            GitRepo.Result add = GitRepo.Processes.run(main.dir(), withIndex(), null,
                    java.util.List.of("git", "update-index", "--add", "--cacheinfo", "100644," + blob + "," + path));
            assertThat(add.exit()).as(add.err()).isZero();
            String tree = GitRepo.Processes.run(main.dir(), withIndex(), null, java.util.List.of("git", "write-tree")).out().trim();
            String commit = main.git("commit-tree", tree, "-p", "refs/ghp/coordination", "-m", "add " + path).trim();
            main.git("update-ref", "refs/ghp/coordination", commit);
        } catch (IOException ex) {
            throw new AssertionError(ex);
        }
    }

    Map<String, String> withIndex() {
        Map<String, String> env = new java.util.HashMap<>(GitRepo.GIT_ENV);
        env.put("GIT_INDEX_FILE", tmp.resolve("idx").toString());
        return env;
    }

    @Test
    void anotherAgentOnTheSameIssueIsNamedInTheBriefing() {
        assertThat(new CliRunner(main.dir()).env("GHP_AGENT", "bob").run("agent-heartbeat", "--issue", "147", "--status", "implementing").exit()).isZero();

        CliRunner.Result r = run("session-start", "SessionStart", worker.dir());

        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("Also on issue #147: bob (implementing, seen 0s ago).");
    }

    @Test
    void aHeartbeatThatFailsAtSessionStartIsToldToTheAgentAndTheHookStillSucceeds() throws IOException {
        // The write lock cannot be taken (a directory stands where the lock file goes); reading still works.
        Files.createDirectories(main.dir().resolve(".git/ghp-coordination.lock"));

        CliRunner.Result r = run("session-start", "SessionStart", worker.dir());

        assertThat(r.exit()).isZero();
        assertThat(r.err()).startsWith("ghp: error: cannot take the write lock");
        assertThat(r.out()).contains("Your heartbeat at session start failed: cannot take the write lock")
                .contains("You have no entry in the coordination record; issue #147 is suggested by your branch.");
    }

    @Test
    void anUnknownAgentIsReportedOnStderrAndTheHookStillExitsZeroSayingNothing() {
        CliRunner.Result r = ghp.stdin(event("SessionStart", worker.dir())).run("agent-hooks", "run", "session-start", "--for", "vim");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("ghp: hook session-start: unknown agent 'vim' for --for")
                .contains("hint: use claude, codex, gemini, cursor or copilot");
    }

    @Test
    void anAgentsOwnEventNameIsReadAsOursAndAnswersInItsFormat() {
        CliRunner.Result r = ghp.stdin(event("AfterTool", worker.dir())).run("agent-hooks", "run", "SessionStart", "--for", "gemini");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("{\n  \"hookSpecificOutput\": {\n    \"hookEventName\": \"SessionStart\",\n"
                + "    \"additionalContext\": \"[ghp-agents] Coordination context for this session.");
        CliRunner.Result after = ghp.stdin(event("AfterTool", worker.dir())).run("agent-hooks", "run", "AfterTool", "--for", "gemini");
        assertThat(after.exit()).as(after.err()).isZero();
        assertThat(after.out()).isEmpty();
        assertThat(after.err()).isEmpty();
    }

    @Test
    void aHookNeverFailsTheSessionEvenWhenTheStateIsCorrupt() {
        run("session-start", "SessionStart", worker.dir());
        writeOnRef(".ghp/agent-status.json", "{ corrupt");

        for (String[] hook : new String[][]{{"post-tool-use", "PostToolUse"}, {"stop", "Stop"}, {"session-start", "SessionStart"}}) {
            CliRunner.Result r = run(hook[0], hook[1], worker.dir());
            assertThat(r.exit()).as(hook[0]).isZero();
            assertThat(r.out()).as(hook[0]).isEmpty();
            assertThat(r.err()).as(hook[0]).startsWith("ghp: hook " + hook[0] + ": the coordination state is corrupt")
                    .contains("hint: look at it with: git show refs/ghp/coordination:.ghp/agent-status.json");
        }
    }

    @Test
    void unknownEventsBrokenInputAndStrayArgumentsAreReportedOnStderrWithExitZero() {
        CliRunner.Result unknown = ghp.stdin("{}").run("agent-hooks", "run", "PreCompact");
        assertThat(unknown.exit()).isZero();
        assertThat(unknown.err()).contains("unknown hook event 'PreCompact'");

        CliRunner.Result broken = new CliRunner(worker.dir()).stdin("{\"cwd\": ").run("agent-hooks", "run", "session-start");
        assertThat(broken.exit()).isZero();
        assertThat(broken.err()).contains("the hook input is not valid JSON; using the current directory");
        assertThat(broken.out()).contains("You are agent \"app-wt1\"");

        CliRunner.Result stray = ghp.stdin(event("Stop", worker.dir())).run("agent-hooks", "run", "stop", "--from-a-newer-install");
        assertThat(stray.exit()).isZero();
        assertThat(stray.err()).contains("ignoring unknown arguments --from-a-newer-install");

        CliRunner.Result none = ghp.stdin("").run("agent-hooks", "run");
        assertThat(none.exit()).isZero();
        assertThat(none.err()).contains("unknown hook event");
    }

    @Test
    void outsideAGitRepositoryAHookDoesNothingAndSaysNothing() {
        CliRunner.Result r = run("session-start", "SessionStart", tmp);

        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEmpty();
    }

    @Test
    void hooksSwitchedOffDoNothing() {
        CliRunner.Result r = ghp.env("GHP_AGENT_HOOKS", "off").stdin(event("SessionStart", worker.dir()))
                .run("agent-hooks", "run", "session-start");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(main.hasCoordinationRef()).isFalse();
    }
}

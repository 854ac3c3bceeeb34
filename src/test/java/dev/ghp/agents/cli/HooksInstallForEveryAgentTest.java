package dev.ghp.agents.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.testing.CliRunner;
import dev.ghp.agents.testing.GitRepo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** agent-hooks install/uninstall --for each agent: its own file and shape, merged, idempotent, removed exactly. */
class HooksInstallForEveryAgentTest {
    /** What a user already keeps in each agent's file: a hook of their own, and settings of other kinds. */
    static final String CODEX = """
            {
              "hooks": {
                "PostToolUse": [
                  {
                    "matcher": "Bash",
                    "hooks": [
                      {
                        "type": "command",
                        "command": "python3 ~/.codex/hooks/log.py",
                        "timeout": 10
                      }
                    ]
                  }
                ]
              }
            }
            """;
    static final String GEMINI = """
            {
              "general": {
                "vimMode": true
              },
              "hooks": {
                "AfterTool": [
                  {
                    "matcher": "write_file",
                    "hooks": [
                      {
                        "name": "format",
                        "type": "command",
                        "command": "npx prettier --write",
                        "timeout": 5000
                      }
                    ]
                  }
                ]
              }
            }
            """;
    static final String CURSOR = """
            {
              "version": 1,
              "hooks": {
                "afterFileEdit": [
                  {
                    "command": "./hooks/format.sh"
                  }
                ],
                "beforeShellExecution": [
                  {
                    "command": "./hooks/audit.sh"
                  }
                ]
              }
            }
            """;
    static final String COPILOT = """
            {
              "version": 1,
              "hooks": {
                "sessionStart": [
                  {
                    "type": "command",
                    "bash": "echo started >> logs/session.log",
                    "timeoutSec": 10
                  }
                ]
              }
            }
            """;

    @TempDir
    Path tmp;
    GitRepo repo;
    CliRunner ghp;

    @BeforeEach
    void repository() {
        repo = GitRepo.init(tmp, "repo");
        ghp = new CliRunner(repo.dir()).env("PATH", "/nonexistent");
    }

    static String existing(String agent) {
        return switch (agent) {
            case "codex" -> CODEX;
            case "gemini" -> GEMINI;
            case "cursor" -> CURSOR;
            default -> COPILOT;
        };
    }

    @ParameterizedTest
    @CsvSource({
        "codex, .codex/hooks.json, 'Codex CLI hooks installed in .codex/hooks.json: SessionStart, PostToolUse, Stop, UserPromptSubmit, PreToolUse, SubagentStart'",
        "gemini, .gemini/settings.json, 'Gemini CLI hooks installed in .gemini/settings.json: SessionStart, AfterTool, AfterAgent, BeforeAgent, Notification, BeforeTool, SessionEnd'",
        "cursor, .cursor/hooks.json, 'Cursor hooks installed in .cursor/hooks.json: sessionStart, postToolUse, stop, beforeSubmitPrompt, preToolUse, sessionEnd'",
        "copilot, .github/hooks/ghp-agents.json, 'GitHub Copilot hooks installed in .github/hooks/ghp-agents.json: sessionStart, postToolUse, agentStop, userPromptSubmitted, preToolUse, sessionEnd, notification'"})
    void eachAgentsFileIsMergedIdempotentlyAndRestoredByteForByte(String agent, String file, String said) throws IOException {
        Path path = repo.dir().resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, existing(agent));

        CliRunner.Result r = ghp.run("agent-hooks", "install", "--for", agent);

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("✓ " + said + "\n");
        String installed = Files.readString(path);
        assertThat(installed).contains("command -v ghp-agents >/dev/null 2>&1 && ghp-agents agent-hooks run session-start --for "
                + agent + " || true");
        JsonNode before = Json.parseTree(existing(agent));
        JsonNode after = Json.parseTree(installed);
        before.fields().forEachRemaining(e -> {
            if (!e.getKey().equals("hooks")) {
                assertThat(after.get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
            }
        });
        before.path("hooks").fields().forEachRemaining(e ->
                assertThat(after.path("hooks").path(e.getKey()).get(0)).as("the user's own hook stays first").isEqualTo(e.getValue().get(0)));

        CliRunner.Result again = ghp.run("agent-hooks", "install", "--for", agent);
        assertThat(again.out()).endsWith("already installed in " + file + "; nothing changed\n");
        assertThat(Files.readString(path)).isEqualTo(installed);

        CliRunner.Result u = ghp.run("agent-hooks", "uninstall", "--for", agent);
        assertThat(u.exit()).as(u.err()).isZero();
        assertThat(Files.readString(path)).isEqualTo(existing(agent));
    }

    @Test
    void aFileOfOurOwnIsCreatedWithItsVersionAndRemovedWhenNothingElseIsInIt() throws IOException {
        Path copilot = repo.dir().resolve(".github/hooks/ghp-agents.json");

        assertThat(ghp.run("agent-hooks", "install", "--for", "copilot").exit()).isZero();
        JsonNode written = Json.parseTree(Files.readString(copilot));
        assertThat(written.path("version").asInt()).isEqualTo(1);
        assertThat(written.path("hooks").path("agentStop").get(0).path("type").asText()).isEqualTo("command");

        CliRunner.Result u = ghp.run("agent-hooks", "uninstall", "--for", "copilot");
        assertThat(u.out()).contains("(the file held nothing else and was removed)");
        assertThat(copilot).doesNotExist();
    }

    @Test
    void geminiTimeoutsAreInMilliseconds() throws IOException {
        assertThat(ghp.run("agent-hooks", "install", "--for", "gemini").exit()).isZero();

        JsonNode hooks = Json.parseTree(Files.readString(repo.dir().resolve(".gemini/settings.json"))).path("hooks");
        assertThat(hooks.path("SessionStart").get(0).path("hooks").get(0).path("timeout").asInt()).isEqualTo(30_000);
        assertThat(hooks.path("AfterTool").get(0).path("hooks").get(0).path("timeout").asInt()).isEqualTo(20_000);
    }

    @Test
    void withoutForEveryAgentWhoseFolderExistsGetsItsHooksElseClaudeCode() throws IOException {
        Files.createDirectories(repo.dir().resolve(".codex"));
        Files.createDirectories(repo.dir().resolve(".cursor"));

        CliRunner.Result r = ghp.run("agent-hooks", "install");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(repo.dir().resolve(".codex/hooks.json")).exists();
        assertThat(repo.dir().resolve(".cursor/hooks.json")).exists();
        assertThat(repo.dir().resolve(".claude/settings.json")).doesNotExist();
        assertThat(ghp.run("agent-hooks", "uninstall").out()).contains(".codex/hooks.json").contains(".cursor/hooks.json");

        GitRepo other = GitRepo.init(tmp, "other");
        assertThat(new CliRunner(other.dir()).env("PATH", "/nonexistent").run("agent-hooks", "install").out())
                .startsWith("✓ Claude Code hooks installed in .claude/settings.json");
    }

    @Test
    void settingsForSeveralAgentsOrAnUnknownAgentIsAUsageError() {
        CliRunner.Result two = ghp.run("agent-hooks", "install", "--for", "codex,cursor", "--settings", "x.json");
        CliRunner.Result unknown = ghp.run("agent-hooks", "install", "--for", "vim");

        assertThat(two.exit()).isEqualTo(2);
        assertThat(two.err()).startsWith("ghp: error: --settings names one file, and 2 agents were chosen");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).startsWith("ghp: error: unknown agent 'vim' for --for")
                .contains("claude, codex, gemini, cursor or copilot");
        assertThat(repo.dir().resolve(".codex")).doesNotExist();
    }

    @Test
    void anOldInstallCallingBareGhpIsReplacedByInstallAndRemovedByUninstall() throws IOException {
        Path settings = repo.dir().resolve(".claude/settings.json");
        Files.createDirectories(settings.getParent());
        Files.writeString(settings, """
                {
                  "hooks": {
                    "PostToolUse": [{"matcher": "*", "hooks": [{"type": "command", "command": "ghp agent-hooks run post-tool-use", "timeout": 20}]}],
                    "SessionStart": [{"matcher": "startup|resume|clear|compact", "hooks": [{"type": "command", "command": "ghp agent-hooks run session-start", "timeout": 30}]}]
                  }
                }
                """);

        CliRunner.Result r = ghp.run("agent-hooks", "install", "--json");

        assertThat(r.out()).contains("\"updated\": [\n        \"PostToolUse\",\n        \"SessionStart\"\n      ]");
        String installed = Files.readString(settings);
        assertThat(installed).doesNotContain("\"ghp agent-hooks run").contains("\"startup|resume|clear|compact|fork\"");
        assertThat(Json.parseTree(installed).path("hooks").path("PostToolUse").size()).isEqualTo(1);

        ghp.run("agent-hooks", "uninstall");
        assertThat(settings).doesNotExist();
    }

    @Test
    void ghpRouteKeepsOurOwnHooksBesideGhpsHeartbeatOnlyScripts() throws IOException {
        assertThat(ghp.run("agent-hooks", "install").exit()).isZero();

        CliRunner.Result r = ghp.run("agent-hooks", "install", "--ghp");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("✓ Claude Code hooks already installed").doesNotContain("removed");
        JsonNode hooks = Json.parseTree(Files.readString(repo.dir().resolve(".claude/settings.json"))).path("hooks");
        assertThat(hooks.path("PostToolUse").toString()).contains("agent-hooks run post-tool-use --for claude");
        assertThat(hooks.path("Stop").toString()).contains("agent-hooks run stop --for claude")
                // the wake (#23), which GHP has no script for, stays beside it
                .contains("agent-hooks run wake");
        assertThat(hooks.path("SessionStart").toString()).contains("agent-hooks run session-start --for claude");
        assertThat(Files.readString(repo.dir().resolve(".ghp/hooks/agent-active")))
                .contains("agent-hooks run post-tool-use --for claude --heartbeat-only");

        assertThat(ghp.run("agent-hooks", "install", "--ghp").out()).startsWith("✓ Claude Code hooks already installed");
    }

    @Test
    void aHooksFileNotCommittedIsWarnedAboutBecauseWorktreesMadeFromACommitDoNotGetIt() {
        repo.commitFile("README.md", "app\n");

        CliRunner.Result r = ghp.run("agent-hooks", "install");

        assertThat(r.exit()).isZero();
        assertThat(r.err()).contains("warning: .claude/settings.json is not committed as it is now: worktrees made from a commit"
                        + " (git worktree add, ghp start) do not get these hooks\n")
                .contains("hint: commit it (git add .claude/settings.json && git commit), or install for your user with"
                        + " --for claude --settings ~/.claude/settings.json\n");
        GitRepo worker = repo.addWorktree("repo-1", "alice/1-x");
        assertThat(worker.dir().resolve(".claude/settings.json")).as("why it warns").doesNotExist();

        repo.git("add", ".claude/settings.json");
        repo.git("commit", "-q", "-m", "hooks");
        assertThat(ghp.run("agent-hooks", "install").err()).doesNotContain("is not committed");
        GitRepo second = repo.addWorktree("repo-2", "alice/2-y");
        assertThat(second.dir().resolve(".claude/settings.json")).exists();
    }
}

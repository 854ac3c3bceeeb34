package dev.ghp.agents.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.testing.CliRunner;
import dev.ghp.agents.testing.GitRepo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HooksInstallCommandTest {
    /** A project's settings as Claude Code and a person left them: other hooks, permissions, 2-space JSON. */
    static final String EXISTING = """
            {
              "permissions": {
                "allow": [
                  "Bash(mvn test:*)",
                  "Read(~/.m2/**)"
                ],
                "deny": []
              },
              "hooks": {
                "PostToolUse": [
                  {
                    "matcher": "Edit|MultiEdit|Write",
                    "hooks": [
                      {
                        "type": "command",
                        "command": "\\"$CLAUDE_PROJECT_DIR\\"/.claude/hooks/format.sh",
                        "timeout": 30
                      }
                    ]
                  }
                ],
                "SessionStart": [
                  {
                    "matcher": "startup",
                    "hooks": [
                      {
                        "type": "command",
                        "command": "cat .claude/welcome.txt"
                      }
                    ]
                  }
                ]
              },
              "includeCoAuthoredBy": false
            }
            """;

    @TempDir
    Path tmp;
    GitRepo repo;
    CliRunner ghp;
    Path settings;

    @BeforeEach
    void repository() {
        repo = GitRepo.init(tmp, "repo");
        ghp = new CliRunner(repo.dir()).env("PATH", "/nonexistent");
        settings = repo.dir().resolve(".claude/settings.json");
    }

    void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    @Test
    void installMergesIntoTheProjectSettingsAndUninstallRestoresThemByteForByte() throws IOException {
        write(settings, EXISTING);

        CliRunner.Result r = ghp.run("agent-hooks", "install");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("✓ Claude Code hooks installed in .claude/settings.json: PostToolUse, Stop, SessionStart, UserPromptSubmit, Notification, StopFailure, PreToolUse, PostToolUseFailure, SubagentStart, SessionEnd\n");
        String installed = Files.readString(settings);
        assertThat(installed).isEqualTo("""
                {
                  "permissions": {
                    "allow": [
                      "Bash(mvn test:*)",
                      "Read(~/.m2/**)"
                    ],
                    "deny": []
                  },
                  "hooks": {
                    "PostToolUse": [
                      {
                        "matcher": "Edit|MultiEdit|Write",
                        "hooks": [
                          {
                            "type": "command",
                            "command": "\\"$CLAUDE_PROJECT_DIR\\"/.claude/hooks/format.sh",
                            "timeout": 30
                          }
                        ]
                      },
                      {
                        "matcher": "*",
                        "hooks": [
                          {
                            "type": "command",
                            "command": "command -v ghp-agents >/dev/null 2>&1 && ghp-agents agent-hooks run post-tool-use --for claude || true",
                            "timeout": 20
                          }
                        ]
                      }
                    ],
                    "SessionStart": [
                      {
                        "matcher": "startup",
                        "hooks": [
                          {
                            "type": "command",
                            "command": "cat .claude/welcome.txt"
                          }
                        ]
                      },
                      {
                        "matcher": "startup|resume|clear|compact|fork",
                        "hooks": [
                          {
                            "type": "command",
                            "command": "command -v ghp-agents >/dev/null 2>&1 && ghp-agents agent-hooks run session-start --for claude || true",
                            "timeout": 30
                          }
                        ]
                      }
                    ],
                    "Stop": [
                      {
                        "hooks": [
                          {
                            "type": "command",
                            "command": "command -v ghp-agents >/dev/null 2>&1 && ghp-agents agent-hooks run stop --for claude || true",
                            "timeout": 20
                          }
                        ]
                      },
                      {
                        "hooks": [
                          {
                            "type": "command",
                            "command": "command -v ghp-agents >/dev/null 2>&1 && ghp-agents agent-hooks run wake --for claude || true",
                            "timeout": 3660,
                            "asyncRewake": true
                          }
                        ]
                      }
                    ],
                    "UserPromptSubmit": [
                      {
                        "hooks": [
                          {
                            "type": "command",
                            "command": "command -v ghp-agents >/dev/null 2>&1 && ghp-agents agent-hooks run user-prompt-submit --for claude || true",
                            "timeout": 20
                          }
                        ]
                      }
                    ],
                    "Notification": [
                      {
                        "matcher": "permission_prompt|idle_prompt|elicitation_dialog",
                        "hooks": [
                          {
                            "type": "command",
                            "command": "command -v ghp-agents >/dev/null 2>&1 && ghp-agents agent-hooks run notification --for claude || true",
                            "timeout": 20
                          }
                        ]
                      }
                    ],
                    "StopFailure": [
                      {
                        "hooks": [
                          {
                            "type": "command",
                            "command": "command -v ghp-agents >/dev/null 2>&1 && ghp-agents agent-hooks run stop-failure --for claude || true",
                            "timeout": 20
                          }
                        ]
                      }
                    ],
                    "PreToolUse": [
                      {
                        "matcher": "Edit|Write|MultiEdit|NotebookEdit",
                        "hooks": [
                          {
                            "type": "command",
                            "command": "command -v ghp-agents >/dev/null 2>&1 && ghp-agents agent-hooks run pre-tool-use --for claude || true",
                            "timeout": 20
                          }
                        ]
                      }
                    ],
                    "PostToolUseFailure": [
                      {
                        "matcher": "*",
                        "hooks": [
                          {
                            "type": "command",
                            "command": "command -v ghp-agents >/dev/null 2>&1 && ghp-agents agent-hooks run post-tool-use-failure --for claude || true",
                            "timeout": 20
                          }
                        ]
                      }
                    ],
                    "SubagentStart": [
                      {
                        "hooks": [
                          {
                            "type": "command",
                            "command": "command -v ghp-agents >/dev/null 2>&1 && ghp-agents agent-hooks run subagent-start --for claude || true",
                            "timeout": 20
                          }
                        ]
                      }
                    ],
                    "SessionEnd": [
                      {
                        "hooks": [
                          {
                            "type": "command",
                            "command": "command -v ghp-agents >/dev/null 2>&1 && ghp-agents agent-hooks run session-end --for claude || true",
                            "timeout": 20
                          }
                        ]
                      }
                    ]
                  },
                  "includeCoAuthoredBy": false
                }
                """);

        CliRunner.Result u = ghp.run("agent-hooks", "uninstall");

        assertThat(u.exit()).as(u.err()).isZero();
        assertThat(u.out()).isEqualTo("✓ removed ghp-agents' hooks from .claude/settings.json: PostToolUse, SessionStart, Stop, UserPromptSubmit, Notification, StopFailure, PreToolUse, PostToolUseFailure, SubagentStart, SessionEnd\n");
        assertThat(Files.readString(settings)).isEqualTo(EXISTING);
    }

    @Test
    void installingTwiceLeavesTheFileAsTheFirstInstallWroteIt() throws IOException {
        write(settings, EXISTING);
        ghp.run("agent-hooks", "install");
        String first = Files.readString(settings);

        CliRunner.Result again = ghp.run("agent-hooks", "install");

        assertThat(again.exit()).isZero();
        assertThat(again.out()).isEqualTo("✓ Claude Code hooks already installed in .claude/settings.json; nothing changed\n");
        assertThat(Files.readString(settings)).isEqualTo(first);
    }

    @Test
    void aFileInAnotherStyleKeepsItsIndentationLineEndsAndMissingFinalNewline() throws IOException {
        String tabs = "{\r\n\t\"model\": \"sonnet\",\r\n\t\"env\": {\r\n\t\t\"A\": \"1\"\r\n\t}\r\n}";
        Path local = repo.dir().resolve(".claude/settings.local.json");
        write(local, tabs);

        assertThat(ghp.run("agent-hooks", "install", "--settings", ".claude/settings.local.json").exit()).isZero();
        String installed = Files.readString(local);
        assertThat(installed).contains("\r\n\t\t\"Stop\": [\r\n\t\t\t{\r\n").contains("\t\"env\": {\r\n\t\t\"A\": \"1\"\r\n\t},").doesNotContain("  ").doesNotEndWith("\n");

        assertThat(ghp.run("agent-hooks", "uninstall", "--settings", ".claude/settings.local.json").exit()).isZero();
        assertThat(Files.readString(local)).isEqualTo(tabs);
    }

    @Test
    void withoutSettingsInstallCreatesTheFileAndUninstallRemovesItAgain() throws IOException {
        CliRunner.Result r = ghp.run("agent-hooks", "install");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(Files.readString(settings)).startsWith("{\n  \"hooks\": {\n    \"PostToolUse\": [").endsWith("}\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(settings))).isEqualTo("rw-r--r--");

        CliRunner.Result u = ghp.run("agent-hooks", "uninstall");

        assertThat(u.out()).contains("(the file held nothing else and was removed)");
        assertThat(settings).doesNotExist();
        assertThat(ghp.run("agent-hooks", "uninstall").out()).isEqualTo(".claude/settings.json does not exist; nothing changed\n");
    }

    @Test
    void aSettingsFileThatIsNotJsonIsLeftAloneWithExitFive() throws IOException {
        write(settings, "{ \"hooks\": { // a comment Claude Code would not accept either\n");

        CliRunner.Result r = ghp.run("agent-hooks", "install");

        assertThat(r.exit()).isEqualTo(5);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("ghp: error: ").contains("is not a JSON object; nothing was changed").contains("hint: ");
        assertThat(Files.readString(settings)).startsWith("{ \"hooks\": { // a comment");
    }

    @Test
    void aLinkedSettingsFileIsWrittenThroughTheLinkNotReplacedByAFile() throws IOException {
        Path real = tmp.resolve("dotfiles/claude-settings.json");
        write(real, "{\"model\": \"opus\"}\n");
        Files.createDirectories(settings.getParent());
        Files.createSymbolicLink(settings, real);

        assertThat(ghp.run("agent-hooks", "install").exit()).isZero();

        assertThat(Files.isSymbolicLink(settings)).isTrue();
        assertThat(Files.readString(real)).contains("agent-hooks run stop").contains("\"model\": \"opus\"");
    }

    @Test
    void dryRunPrintsTheMergedSettingsAndWritesNothing() throws IOException {
        write(settings, EXISTING);

        CliRunner.Result r = ghp.run("agent-hooks", "install", "--dry-run", "--command", "/opt/ghp-agents/bin/ghp");

        assertThat(r.out()).contains("\"command\": \"command -v /opt/ghp-agents/bin/ghp >/dev/null 2>&1 && /opt/ghp-agents/bin/ghp agent-hooks run stop --for claude || true\"").contains("\"includeCoAuthoredBy\": false");
        assertThat(Files.readString(settings)).isEqualTo(EXISTING);
    }

    @Test
    void jsonOutputSaysWhatChanged() throws IOException {
        write(settings, EXISTING);

        CliRunner.Result r = ghp.run("agent-hooks", "install", "--json");

        assertThat(r.out()).isEqualTo("""
                {
                  "schemaVersion": 2,
                  "changed": true,
                  "agents": [
                    {
                      "agent": "claude",
                      "settings": "%s",
                      "changed": true,
                      "added": [
                        "PostToolUse",
                        "Stop",
                        "SessionStart",
                        "UserPromptSubmit",
                        "Notification",
                        "StopFailure",
                        "PreToolUse",
                        "PostToolUseFailure",
                        "SubagentStart",
                        "SessionEnd"
                      ],
                      "updated": [],
                      "unchanged": [],
                      "removed": []
                    }
                  ],
                  "ghpScripts": []
                }
                """.formatted(settings));
    }

    @Test
    void installWarnsWhenTheHooksWouldNotFindGhpAgentsOnPath() {
        CliRunner.Result r = ghp.env("GHP_LAUNCHER", "/opt/ghp-agents/bin/ghp").run("agent-hooks", "install");

        assertThat(r.exit()).isZero();
        assertThat(r.err()).startsWith("warning: the hooks call 'ghp-agents', which is not on PATH here; until it is, they do nothing")
                .contains("hint: put ghp-agents' bin directory on PATH (/opt/ghp-agents/bin), or install with --command /opt/ghp-agents/bin/ghp-agents");
    }

    @Test
    void installWithGhpWritesGhpsHookScriptsAndRefusesToOverwriteSomeoneElses() throws IOException {
        CliRunner.Result r = ghp.run("agent-hooks", "install", "--ghp");

        assertThat(r.exit()).as(r.err()).isZero();
        Path active = repo.dir().resolve(".ghp/hooks/agent-active");
        assertThat(Files.readString(active)).startsWith("#!/bin/sh\n# ghp-agents-hook:").endsWith("command -v ghp-agents >/dev/null 2>&1 || exit 0\nexec ghp-agents agent-hooks run post-tool-use --for claude --heartbeat-only\n");
        assertThat(Files.isExecutable(active)).isTrue();
        assertThat(Files.readString(repo.dir().resolve(".ghp/hooks/agent-stopped"))).endsWith("exec ghp-agents agent-hooks run stop --for claude --heartbeat-only\n");
        assertThat(r.out()).contains("✓ .ghp/hooks/agent-active written");

        assertThat(ghp.run("agent-hooks", "uninstall", "--ghp").out()).contains("✓ removed .ghp/hooks/agent-active");
        assertThat(active).doesNotExist();

        Files.writeString(active, "#!/bin/sh\nnotify-send active\n");
        CliRunner.Result refused = ghp.run("agent-hooks", "install", "--ghp");
        assertThat(refused.exit()).isEqualTo(5);
        assertThat(refused.err()).contains(".ghp/hooks/agent-active exists and was not written by ghp-agents");
        assertThat(Files.readString(active)).isEqualTo("#!/bin/sh\nnotify-send active\n");
        assertThat(settings).as("nothing half-done").doesNotExist();
    }

    @Test
    void everyHooksAndCompletionCommandAnswersHelp() {
        String[][] commands = {{"agent-hooks"}, {"agent-hooks", "install"}, {"agent-hooks", "uninstall"},
            {"agent-hooks", "run"}, {"agent-hooks", "agents-md"}, {"completion"}};
        for (String[] command : commands) {
            String[] argv = java.util.Arrays.copyOf(command, command.length + 1);
            argv[command.length] = "--help";

            CliRunner.Result r = ghp.run(argv);

            String name = String.join(" ", command);
            assertThat(r.exit()).as(name).isZero();
            assertThat(r.out()).as(name).startsWith("Usage: ghp " + name);
            assertThat(r.err()).as(name).isEmpty();
        }
        assertThat(ghp.run("agent-hooks", "run", "--help").out()).contains("it exits 0");
    }
}

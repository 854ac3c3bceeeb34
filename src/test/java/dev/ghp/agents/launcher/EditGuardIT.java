package dev.ghp.agents.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.testing.GitRepo;
import dev.ghp.agents.testing.Launcher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The edit guard through each agent's installed pre-tool hook: the command string from the agent's
 * own file, run through a shell as the agent runs it, with the payload of that agent's hooks
 * reference (src/test/resources/hooks/AGENT/) on stdin. worker-1 (app-147) holds src/parser/**;
 * app-200 edits.
 */
class EditGuardIT {
    @TempDir
    Path tmp;
    GitRepo main;
    GitRepo holder;
    GitRepo editor;
    Map<String, String> env;

    @BeforeEach
    void twoAgents() {
        main = GitRepo.init(tmp, "app");
        main.commitFile("README.md", "app\n");
        holder = main.addWorktree("app-147", "alice/147-parser");
        editor = main.addWorktree("app-200", "bob/200-lexer");
        env = AgentHooksIT.withGhpAgentsOnPath(tmp, Launcher.userEnv(tmp));
        ok(new Launcher(holder.dir()).env(env).run("agent-heartbeat", "--issue", "147", "--files", "src/parser/**"));
        ok(new Launcher(editor.dir()).env(env).run("agent-heartbeat", "--issue", "200"));
    }

    static void ok(GitRepo.Result r) {
        assertThat(r.exit()).as(r.err()).isZero();
    }

    /** The agent's own name for the pre-tool event, its fixture's name, and the hooks file. */
    record Tool(String event, String file, boolean flat, String commandField) {
        static Tool of(String agent) {
            return switch (agent) {
                case "claude" -> new Tool("PreToolUse", ".claude/settings.json", false, "command");
                case "codex" -> new Tool("PreToolUse", ".codex/hooks.json", false, "command");
                case "gemini" -> new Tool("BeforeTool", ".gemini/settings.json", false, "command");
                case "cursor" -> new Tool("preToolUse", ".cursor/hooks.json", true, "command");
                case "copilot" -> new Tool("preToolUse", ".github/hooks/ghp-agents.json", true, "bash");
                default -> throw new IllegalArgumentException(agent);
            };
        }
    }

    /** Installs the agent's hooks and returns the command of our pre-tool hook, with its matcher checked. */
    String installed(String agent) throws IOException {
        ok(new Launcher(main.dir()).env(env).run("agent-hooks", "install", "--for", agent));
        Tool tool = Tool.of(agent);
        JsonNode list = Json.parseTree(Files.readString(main.dir().resolve(tool.file()))).path("hooks").path(tool.event());
        for (JsonNode element : list) {
            JsonNode hooks = tool.flat() ? Json.array().add(element) : element.path("hooks");
            for (JsonNode h : hooks) {
                String command = h.path(tool.commandField()).asText();
                if (command.contains("agent-hooks run pre-tool-use --for " + agent)) {
                    assertThat(element.path("matcher").asText(null)).as("matcher of " + agent).isEqualTo(switch (agent) {
                        case "claude" -> "Edit|Write|MultiEdit|NotebookEdit";
                        case "codex" -> "apply_patch";
                        case "gemini" -> "write_file|replace";
                        case "cursor" -> "Write|Edit|StrReplace|MultiEdit|Delete";
                        default -> null; // Copilot's hooks have no matcher
                    });
                    return command;
                }
            }
        }
        throw new AssertionError("no pre-tool hook of ours in " + tool.file());
    }

    GitRepo.Result edits(String agent, String command, GitRepo who, String file) throws IOException {
        String payload = AgentHookFormatsIT.payload(agent, Tool.of(agent).event(), who.dir())
                .replace("src/parser/Parser.java", file);
        return new Launcher(tmp).env(env).sh(payload, command);
    }

    static void allowed(GitRepo.Result r) {
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).as("an allowed edit prints nothing").isEmpty();
    }

    /** The deny answer in the agent's own shape, nothing more; returns the reason the agent reads. */
    static String denied(String agent, GitRepo.Result r) {
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode out = Json.parseTree(r.out());
        assertThat(out).as(r.out()).isNotNull();
        return switch (agent) {
            case "claude", "codex" -> {
                assertThat(out.size()).isEqualTo(1);
                JsonNode specific = out.path("hookSpecificOutput");
                assertThat(specific.size()).isEqualTo(3);
                assertThat(specific.path("hookEventName").asText()).isEqualTo("PreToolUse");
                assertThat(specific.path("permissionDecision").asText()).isEqualTo("deny");
                yield specific.path("permissionDecisionReason").asText();
            }
            case "gemini" -> {
                assertThat(out.size()).isEqualTo(2);
                assertThat(out.path("decision").asText()).isEqualTo("deny");
                yield out.path("reason").asText();
            }
            case "copilot" -> {
                assertThat(out.size()).isEqualTo(2);
                assertThat(out.path("permissionDecision").asText()).isEqualTo("deny");
                yield out.path("permissionDecisionReason").asText();
            }
            case "cursor" -> {
                assertThat(out.size()).isEqualTo(3);
                assertThat(out.path("permission").asText()).isEqualTo("deny");
                assertThat(out.path("user_message").asText()).isEqualTo(out.path("agent_message").asText());
                yield out.path("agent_message").asText();
            }
            default -> throw new IllegalArgumentException(agent);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"claude", "codex", "gemini", "cursor", "copilot"})
    void anEditInsideAnotherLiveAgentsClaimIsRefusedInTheAgentsFormatAndItsOwnerEditsFreely(String agent) throws IOException {
        String command = installed(agent);
        String before = main.coordinationTip();

        String reason = denied(agent, edits(agent, command, editor, "src/parser/Parser.java"));

        assertThat(reason).startsWith("[ghp-agents] Edit refused: src/parser/Parser.java is held by app-147 (issue #147,"
                        + " its file claim src/parser/**, seen ")
                .contains("ghp agent-message --to app-147 \"…\"")
                .contains("ghp agent-escalate --kind conflict");
        allowed(edits(agent, command, holder, "src/parser/Parser.java"));
        allowed(edits(agent, command, editor, "src/lexer/Lexer.java"));
        assertThat(main.coordinationTip()).as("the guard writes nothing").isEqualTo(before);
    }

    @Test
    void aStaleHoldersClaimDoesNotStopTheEdit() throws IOException {
        String command = installed("claude");
        String status = main.showCoordination(".ghp/agent-status.json");
        Matcher seen = Pattern.compile("(\"app-147\": \\{[^}]*\"timestamp\": \")[^\"]+\"").matcher(status);
        assertThat(seen.find()).as(status).isTrue();
        main.commitToCoordination(".ghp/agent-status.json", seen.replaceFirst("$12026-01-01T00:00:00Z\""), "app-147 goes silent");

        allowed(edits("claude", command, editor, "src/parser/Parser.java"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"claude", "copilot"})
    void aSharedFileIsRefusedUntilTheAgentHoldsAnApproval(String agent) throws IOException {
        String command = installed(agent);
        Files.createDirectories(main.dir().resolve(".ghp"));
        Files.writeString(main.dir().resolve(".ghp/config.json"), "{\"agents\": {\"sharedFiles\": [\"README.md\"]}}");

        String reason = denied(agent, edits(agent, command, editor, "README.md"));

        assertThat(reason).isEqualTo("[ghp-agents] Edit refused: README.md is a shared file (agents.sharedFiles README.md)"
                + " and you hold no approval for it. Ask for one with: ghp agent-heartbeat --files README.md (the"
                + " orchestrator resolves it); once approved, the file is in your scope and the edit goes through.");
        GitRepo.Result asked = new Launcher(editor.dir()).env(env).run("agent-heartbeat", "--files", "README.md");
        assertThat(asked.exit()).as(asked.err()).isEqualTo(3);
        Matcher id = Pattern.compile("asked in (esc-[0-9a-f]+)").matcher(asked.err());
        assertThat(id.find()).as(asked.err()).isTrue();
        denied(agent, edits(agent, command, editor, "README.md")); // a pending claim is not an approval
        ok(new Launcher(main.dir()).env(env).run("agent-escalate", "--resolve", id.group(1), "--approve", "--by", "orchestrator"));

        allowed(edits(agent, command, editor, "README.md"));
    }

    @Test
    void withEditGuardOffTheHookAllowsEverything() throws IOException {
        String command = installed("gemini");
        Files.createDirectories(main.dir().resolve(".ghp"));
        Files.writeString(main.dir().resolve(".ghp/config.json"),
                "{\"agents\": {\"editGuard\": false, \"sharedFiles\": [\"README.md\"]}}");

        allowed(edits("gemini", command, editor, "src/parser/Parser.java"));
        allowed(edits("gemini", command, editor, "README.md"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"claude", "codex", "gemini", "cursor", "copilot"})
    void garbageOnStdinIsAllowedSilently(String agent) throws IOException {
        String command = installed(agent);

        for (String garbage : new String[] {"not json", "[1, 2]", "{\"tool_name\": \"Edit\", \"tool_input\": 7}", ""}) {
            GitRepo.Result r = new Launcher(editor.dir()).env(env).sh(garbage, command);
            allowed(r);
        }
    }
}

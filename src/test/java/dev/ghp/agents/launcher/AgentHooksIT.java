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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The installed hooks, run the way Claude Code runs them: the command string from the settings
 * file, through a shell, with the event's JSON on stdin, from some other directory.
 */
class AgentHooksIT {
    @TempDir
    Path tmp;
    GitRepo main;
    GitRepo worker;
    Map<String, String> env;

    @BeforeEach
    void repositoryWithHooksInstalled() {
        main = GitRepo.init(tmp, "app");
        main.commitFile("README.md", "app\n");
        worker = main.addWorktree("app-147", "alice/147-parser");
        env = withGhpAgentsOnPath(tmp, Launcher.userEnv(tmp));
        GitRepo.Result r = new Launcher(main.dir()).env(env).run("agent-hooks", "install");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).as("ghp-agents is on PATH: no warning about it").doesNotContain("not on PATH");
    }

    /** A user's PATH with the ghp-agents launcher name on it (bin/ghp works under any name for agent-* commands). */
    static Map<String, String> withGhpAgentsOnPath(Path tmp, Map<String, String> userEnv) {
        try {
            Path bin = Files.createDirectories(tmp.resolve("agents-bin"));
            Path named = Launcher.ROOT.resolve("bin/ghp-agents");
            Files.createSymbolicLink(bin.resolve("ghp-agents"), Files.exists(named) ? named : Launcher.BIN_GHP);
            Map<String, String> env = new java.util.HashMap<>(userEnv);
            env.put("PATH", bin + ":" + userEnv.get("PATH"));
            return env;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    String installedCommand(String event) throws IOException {
        JsonNode settings = Json.parseTree(Files.readString(main.dir().resolve(".claude/settings.json")));
        return settings.path("hooks").path(event).get(0).path("hooks").get(0).path("command").asText();
    }

    static String event(String name, Path cwd) {
        return "{\"session_id\": \"s1\", \"cwd\": \"" + cwd + "\", \"hook_event_name\": \"" + name + "\","
                + " \"tool_name\": \"Bash\", \"tool_input\": {\"command\": \"ls\"}, \"tool_response\": {\"stdout\": \"a\\nb\"}}";
    }

    GitRepo.Result claudeRuns(String event, Path sessionCwd) throws IOException {
        return new Launcher(tmp).env(env).sh(event(event, sessionCwd), installedCommand(event));
    }

    @Test
    void postToolUseAndStopPrintNothingAtAllOnStdout() throws IOException {
        claudeRuns("SessionStart", worker.dir());

        GitRepo.Result post = claudeRuns("PostToolUse", worker.dir());
        GitRepo.Result stop = claudeRuns("Stop", worker.dir());

        assertThat(post.exit()).as(post.err()).isZero();
        assertThat(post.out()).isEmpty();
        assertThat(post.err()).isEmpty();
        assertThat(stop.exit()).as(stop.err()).isZero();
        assertThat(stop.out()).isEmpty();
        assertThat(main.showCoordination(".ghp/agent-status.json")).contains("\"app-147\": {").contains("\"status\": \"waiting\"");
    }

    @Test
    void sessionStartPrintsTheAgentsContextForClaudeCode() throws IOException {
        GitRepo.Result r = claudeRuns("SessionStart", worker.dir());

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).startsWith("[ghp-agents] Coordination context for this session.\nYou are agent \"app-147\"")
                .contains("Your entry: issue #147 (claimed) · status starting");
    }

    @Test
    void aHookThatFailsExitsZeroWithItsErrorOnStderrOnly() throws IOException {
        Files.createDirectories(main.dir().resolve(".git/ghp-coordination.lock"));

        GitRepo.Result r = claudeRuns("SessionStart", worker.dir());
        GitRepo.Result stop = claudeRuns("Stop", main.dir());

        assertThat(r.exit()).isZero();
        assertThat(r.err()).contains("ghp: error: cannot take the write lock");
        assertThat(r.out()).contains("Your heartbeat at session start failed");
        assertThat(stop.exit()).isZero();
        assertThat(stop.out()).isEmpty();
    }

    @Test
    void ghpsAgentActiveAndAgentStoppedScriptsHandClaudesJsonOnToTheHeartbeat() {
        assertThat(new Launcher(main.dir()).env(env).run("agent-hooks", "install", "--ghp").exit()).isZero();
        new Launcher(tmp).env(env).sh(event("SessionStart", worker.dir()), "ghp agent-hooks run session-start");
        Path hooks = main.dir().resolve(".ghp/hooks");

        // GHP runs them itself, with the JSON Claude Code gave 'ghp pipeline agent-stopped' on stdin.
        GitRepo.Result stopped = GitRepo.Processes.run(main.dir(), env, event("Stop", worker.dir()),
                java.util.List.of(hooks.resolve("agent-stopped").toString()));
        assertThat(stopped.exit()).as(stopped.err()).isZero();
        assertThat(stopped.out()).isEmpty();
        assertThat(main.showCoordination(".ghp/agent-status.json")).contains("\"status\": \"waiting\"");

        GitRepo.Result active = GitRepo.Processes.run(main.dir(), env, event("PostToolUse", worker.dir()),
                java.util.List.of(hooks.resolve("agent-active").toString()));
        assertThat(active.exit()).as(active.err()).isZero();
        assertThat(active.out()).isEmpty();
        assertThat(main.showCoordination(".ghp/agent-status.json")).contains("\"status\": \"implementing\"");
    }

    @Test
    void versionNamesTheToolAndTheJavaItRunsOn() {
        GitRepo.Result r = new Launcher(tmp).env(env).run("--version");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).matches("(?s)ghp-agents \\S+\nJava \\S+ \\([^\n]+\\)\nGHP's CLI[^\n]+\n");
    }
}

package dev.ghp.agents.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ghp.agents.testing.GitRepo;
import dev.ghp.agents.testing.Launcher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ghp completion bash|zsh}, loaded into real shells and driven through their completion functions. */
class CompletionIT {
    @TempDir
    Path tmp;

    /** Loads the script the way a user's rc file does, then completes {@code words} with the cursor on the last one. */
    List<String> complete(String... words) {
        StringBuilder array = new StringBuilder();
        for (String w : words) {
            array.append('\'').append(w).append("' ");
        }
        String script = "source <(ghp completion bash) || exit 9\n"
                + "COMP_WORDS=(" + array + ")\n"
                + "COMP_CWORD=" + (words.length - 1) + "\n"
                + "COMP_LINE='" + String.join(" ", words) + "'\n"
                + "COMP_POINT=${#COMP_LINE}\n"
                + "_complete_ghp ghp '" + words[words.length - 1] + "' '" + words[words.length - 2] + "' 2>/dev/null\n"
                + "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
        GitRepo.Result r = new Launcher(tmp).env(Launcher.userEnv(tmp)).bash(script);
        assertThat(r.exit()).as(r.err()).isZero();
        return r.out().lines().filter(l -> !l.isBlank()).toList();
    }

    @Test
    void bashCompletesTheAgentCommands() {
        java.io.PrintWriter nowhere = new java.io.PrintWriter(java.io.Writer.nullWriter());
        List<String> agentCommands = dev.ghp.agents.cli.Cli.tree(new dev.ghp.agents.cli.Io(nowhere, nowhere),
                        new dev.ghp.agents.cli.Environment(Map.of(), tmp, java.time.Clock.systemUTC(), false))
                .getSubcommands().keySet().stream().filter(n -> n.startsWith("agent-")).toList();
        assertThat(agentCommands).contains("agent-heartbeat", "agent-status", "agent-hooks");

        assertThat(complete("ghp", "agent-")).containsExactlyInAnyOrderElementsOf(agentCommands);
        assertThat(complete("ghp", "agent-h")).containsExactlyInAnyOrderElementsOf(
                agentCommands.stream().filter(c -> c.startsWith("agent-h")).toList());
        assertThat(complete("ghp", "agent-h")).contains("agent-heartbeat", "agent-hooks");
    }

    @Test
    void bashCompletesSubcommandsOptionsAndValues() {
        assertThat(complete("ghp", "agent-hooks", "")).contains("install", "uninstall", "run", "agents-md");
        assertThat(complete("ghp", "agent-hooks", "run", "")).containsExactlyInAnyOrder("post-tool-use", "stop", "session-start",
                "user-prompt-submit", "notification", "stop-failure", "pre-tool-use", "post-tool-use-failure", "session-end", "subagent-start", "wake");
        assertThat(complete("ghp", "agent-status", "--ti")).containsExactly("--timeline");
        assertThat(complete("ghp", "completion", "")).containsExactlyInAnyOrder("bash", "zsh");
    }

    @Test
    void theZshScriptLoadsInZshWhenZshIsThere() {
        GitRepo.Result script = new Launcher(tmp).env(Launcher.userEnv(tmp)).run("completion", "zsh");
        assertThat(script.exit()).isZero();
        assertThat(script.out()).startsWith("#compdef ghp\n").contains("complete -F _complete_ghp");

        Path zsh = Path.of("/usr/bin/zsh");
        assumeTrue(Files.isExecutable(zsh), "zsh is not installed here");
        GitRepo.Result r = GitRepo.Processes.run(tmp, Launcher.userEnv(tmp), null, List.of(zsh.toString(), "-c",
                "autoload -U compinit && compinit -u; source <(ghp completion zsh) && whence -w _complete_ghp"));
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("_complete_ghp: function");
    }

    @Test
    void anUnknownShellIsAUsageError() {
        GitRepo.Result r = new Launcher(tmp).env(Map.copyOf(Launcher.userEnv(tmp))).run("completion", "fish");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("no completion for 'fish'");
    }
}

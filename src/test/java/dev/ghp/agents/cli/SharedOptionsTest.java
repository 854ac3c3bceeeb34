package dev.ghp.agents.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.errors.ExitCode;
import dev.ghp.agents.testing.CliRunner;
import dev.ghp.agents.testing.GitRepo;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * What the command line sets once for every command (the exit-code table, how durations are read)
 * is there in each command, and reads as it did when each command set it itself.
 */
class SharedOptionsTest {
    @TempDir
    Path tmp;

    @Test
    void everyHelpButTheHookRunsEndsWithTheExitCodeTableOnce() {
        String table = "Exit codes:" + System.lineSeparator()
                + String.format(ExitCode.HELP_TABLE) + System.lineSeparator();
        List<String> checked = new ArrayList<>();
        for (CommandLine c : everyCommand()) {
            String help = c.getUsageMessage(CommandLine.Help.Ansi.OFF);
            String name = c.getCommandSpec().qualifiedName();
            if (name.equals("ghp agent-hooks run")) {
                assertThat(help).as(name).doesNotContain("Exit codes:");
            } else {
                assertThat(help).as(name).endsWith(table);
                assertThat(help.split("Exit codes:", -1)).as(name).hasSize(2);
                checked.add(name);
            }
        }
        assertThat(checked).hasSizeGreaterThanOrEqualTo(14);
    }

    @Test
    void quietIsOneOptionThatReadsTheSameInEveryCommand() {
        Map<String, List<String>> quiet = new java.util.TreeMap<>();
        for (CommandLine c : everyCommand()) {
            CommandLine.Model.OptionSpec o = c.getCommandSpec().findOption("--quiet");
            if (o != null) {
                quiet.put(c.getCommandSpec().qualifiedName(), List.of(String.join(" ", o.names()), String.join(" ", o.description())));
            }
        }
        assertThat(quiet).containsOnlyKeys("ghp agent-handoff", "ghp agent-heartbeat", "ghp agent-prune", "ghp agent-sync");
        assertThat(new java.util.HashSet<>(quiet.values())).containsExactly(List.of("-q --quiet", "Print nothing on stdout."));
    }

    @Test
    void agentIsOneOptionWhoseHelpSaysInEachCommandWhatTheNameIsFor() {
        assertThat(sharedOption("--agent", "AgentOption")).containsExactly(
                Map.entry("ghp agent-escalate", "Who opens it (default: as for agent-heartbeat); with --list, only this agent's."),
                Map.entry("ghp agent-guard", "With check: who commits (default: as for agent-heartbeat)."),
                Map.entry("ghp agent-handoff", "The agent handing off (default: as agent-heartbeat names it)."),
                Map.entry("ghp agent-heartbeat", "The agent's name ([A-Za-z0-9._-], 1 to 64)."),
                Map.entry("ghp agent-inbox", "Whose inbox (default: as for agent-heartbeat)."),
                Map.entry("ghp agent-message", "The sending agent (default: as for agent-heartbeat)."),
                Map.entry("ghp agent-status", "Show only this agent."));
    }

    @Test
    void issueIsOneOptionWhoseHelpSaysInEachCommandWhatTheIssueIsFor() {
        assertThat(sharedOption("--issue", "IssueOption")).containsExactly(
                Map.entry("ghp agent-assign", "The issue the agent gets (required)."),
                Map.entry("ghp agent-escalate", "The issue it concerns (default: the agent's issue); with --list, only this issue's."),
                Map.entry("ghp agent-handoff", "The issue (default: the agent's, else GHP_SPAWN_CONTEXT, else the branch name)."),
                Map.entry("ghp agent-heartbeat", "The issue the agent works on."),
                Map.entry("ghp agent-status", "Show only agents on this issue."));
    }

    /**
     * The description of {@code option} in each command that has it, each checked to come from the
     * mixin class {@code mixin} (named, so that this reads the same before the mixin exists).
     */
    private Map<String, String> sharedOption(String option, String mixin) {
        Map<String, String> descriptions = new java.util.TreeMap<>();
        for (CommandLine c : everyCommand()) {
            CommandLine.Model.OptionSpec o = c.getCommandSpec().findOption(option);
            if (o == null) {
                continue;
            }
            String name = c.getCommandSpec().qualifiedName();
            assertThat(c.getCommandSpec().mixins().values())
                    .as(name + " declares " + option + " through " + mixin)
                    .anySatisfy(m -> {
                        assertThat(m.userObject().getClass().getSimpleName()).isEqualTo(mixin);
                        assertThat(m.options()).contains(o);
                    });
            assertThat(o.paramLabel()).as(name).isEqualTo(option.equals("--agent") ? "NAME" : "N");
            descriptions.put(name, String.join(" ", o.description()));
        }
        return descriptions;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "agent-status --stale-after soon         | --stale-after is not a duration: 'soon' | write it like 90s, 10m or 1h",
        "agent-status --timeline --since eight   | --since is not a duration: 'eight'     | write it like 30m, 8h or 2d",
        "agent-heartbeat --throttle 0s           | --throttle is not a duration: '0s'     | write it like 30s, 2m or 1h"})
    void aBadDurationIsOneLineNamingTheOptionAndExitsTwo(String args, String message, String hint) throws Exception {
        GitRepo repo = GitRepo.init(tmp, "repo");
        CliRunner.Result r = new CliRunner(repo.dir()).run(args.split(" "));

        assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).isEqualTo("ghp: error: " + message + "\nhint: " + hint + "\n");
        assertThat(r.out()).isEmpty();
        assertThat(repo.run("rev-parse", "--verify", "-q", "refs/ghp/coordination").exit()).as("nothing written").isNotZero();
    }

    private List<CommandLine> everyCommand() {
        PrintWriter nowhere = new PrintWriter(Writer.nullWriter());
        CommandLine tree = Cli.tree(new Io(nowhere, nowhere), new Environment(Map.of(), tmp, Clock.systemUTC(), false));
        List<CommandLine> all = new ArrayList<>(List.of(tree));
        for (int i = 0; i < all.size(); i++) {
            all.addAll(all.get(i).getSubcommands().values());
        }
        return all;
    }
}

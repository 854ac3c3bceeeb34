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

package dev.ghp.agents.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.testing.CliRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The top of the command line: help, version, and how failures become exit codes. */
class CliTest {
    @TempDir
    Path tmp;

    @Test
    void versionNamesTheToolAndTheJavaRuntime() {
        CliRunner.Result r = new CliRunner(tmp).run("--version");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("ghp-agents ").contains("Java " + System.getProperty("java.version"));
    }

    @Test
    void helpListsTheAgentCommandsAndTheExitCodes() {
        CliRunner.Result r = new CliRunner(tmp).run("--help");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("agent-heartbeat").contains("agent-status")
                .contains("Exit codes:").contains("5  repository or state problem");
    }

    @Test
    void noCommandOfTheTreeExpandsAtFiles() {
        picocli.CommandLine tree = Cli.tree(new Io(new java.io.PrintWriter(java.io.Writer.nullWriter()),
                new java.io.PrintWriter(java.io.Writer.nullWriter())), new Environment(java.util.Map.of(), tmp,
                java.time.Clock.systemUTC(), false));

        java.util.List<picocli.CommandLine> all = new java.util.ArrayList<>(java.util.List.of(tree));
        for (int i = 0; i < all.size(); i++) {
            all.addAll(all.get(i).getSubcommands().values());
        }
        assertThat(all).hasSizeGreaterThan(10).noneMatch(picocli.CommandLine::isExpandAtFiles);
    }

    @Test
    void noArgumentsPrintsTheUsage() {
        CliRunner.Result r = new CliRunner(tmp).run();

        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("Usage: ghp");
    }

    @Test
    void everyCommandsHelpHasExamplesAndExitCodes() {
        for (String command : new String[]{"agent-heartbeat", "agent-status"}) {
            CliRunner.Result r = new CliRunner(tmp).run(command, "--help");

            assertThat(r.exit()).isZero();
            assertThat(r.out()).as(command).contains("Examples:").contains("Exit codes:").contains("--json");
        }
    }

    @Test
    void anUnknownCommandIsAUsageError() {
        CliRunner.Result r = new CliRunner(tmp).run("agent-frobnicate");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("ghp: error: ").contains("hint: see 'ghp --help'");
    }

    @Test
    void badInputIsExitTwoEvenOutsideARepository() throws Exception {
        Path nowhere = Files.createDirectories(tmp.resolve("nowhere"));
        CliRunner ghp = new CliRunner(nowhere);

        assertThat(ghp.run("agent-heartbeat", "--agent", "bad name").exit()).isEqualTo(2);
        assertThat(ghp.run("agent-heartbeat", "--issue", "0").exit()).isEqualTo(2);
        assertThat(ghp.env("GHP_AGENT", "bad/name").run("agent-heartbeat").exit()).isEqualTo(2);
        assertThat(ghp.run("agent-status", "--issue", "x").exit()).isEqualTo(2);
    }

    @Test
    void internalErrorsAreOneLineWithAHintAndAStackTraceOnlyWithVerbose() throws Exception {
        Path notADir = Files.writeString(tmp.resolve("file"), "x");
        CliRunner ghp = new CliRunner(tmp);

        CliRunner.Result plain = ghp.run("agent-status", "-C", notADir.toString());

        assertThat(plain.exit()).isEqualTo(5);
        assertThat(plain.err().lines().toList()).hasSizeLessThanOrEqualTo(2);
        assertThat(plain.err()).doesNotContain("\tat ");
    }
}

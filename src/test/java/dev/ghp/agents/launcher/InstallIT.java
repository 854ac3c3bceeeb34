package dev.ghp.agents.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.testing.GitRepo;
import dev.ghp.agents.testing.Launcher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ghp install --prefix DIR}: links ghp and ghp-agents into DIR/bin, says which PATH order
 * makes them win over GHP's ghp, does it again without harm, and never replaces a file of someone
 * else's without --force. The installed links are then run as a user runs them.
 */
class InstallIT {
    private static final String SYSTEM_PATH = "/usr/bin:/bin";
    /** GHP's CLI: answers anything with exit 7 and leaves a mark. */
    private static final String FAKE_GHP = """
            #!/bin/sh
            touch "$(dirname "$0")/was-called"
            echo "GHP's ghp: $*"
            exit 7
            """;

    @TempDir
    Path tmp;

    private GitRepo repo;
    private Path prefix;

    @BeforeEach
    void init() {
        repo = GitRepo.init(tmp, "repo");
        prefix = tmp.resolve("prefix");
    }

    private Launcher ghp(String path) {
        return new Launcher(repo.dir()).env("PATH", path).env("GHP_CLI", null).env("JAVA_HOME", null).env("GHP_JAVA", null);
    }

    private GitRepo.Result install(String path, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("install"));
        command.addAll(List.of(args));
        return ghp(path).run(command.toArray(String[]::new));
    }

    @Test
    void installLinksBothNamesIntoPrefixBinAndSaysWhichPathOrderIsNeeded() throws IOException {
        Path ghpCli = Launcher.script(tmp.resolve("node-bin/ghp"), FAKE_GHP);
        String ghpFirst = ghpCli.getParent() + ":" + prefix.resolve("bin") + ":" + SYSTEM_PATH;

        GitRepo.Result r = install(ghpFirst, "--prefix", prefix.toString());

        Path bin = prefix.resolve("bin");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(Files.readSymbolicLink(bin.resolve("ghp"))).isEqualTo(Launcher.ROOT.resolve("bin/ghp"));
        assertThat(Files.readSymbolicLink(bin.resolve("ghp-agents"))).isEqualTo(Launcher.ROOT.resolve("bin/ghp-agents"));
        assertThat(r.out()).isEqualTo(bin.resolve("ghp") + " -> " + Launcher.ROOT.resolve("bin/ghp") + "\n"
                + bin.resolve("ghp-agents") + " -> " + Launcher.ROOT.resolve("bin/ghp-agents") + "\n"
                + "Put " + bin + " before GHP's ghp on PATH, e.g. in ~/.bashrc or ~/.zshrc: export PATH=\"" + bin + ":$PATH\"\n"
                + "On this PATH, ghp is still GHP's (" + ghpCli + "): put " + bin + " before " + ghpCli.getParent() + ".\n");
        assertThat(ghpCli.resolveSibling("was-called")).doesNotExist();

        GitRepo.Result ordered = install(bin + ":" + ghpCli.getParent() + ":" + SYSTEM_PATH, "--prefix", prefix.toString());
        assertThat(ordered.out()).endsWith("On this PATH, ghp is already ghp-agents' launcher (" + bin.resolve("ghp") + ").\n");
    }

    @Test
    void theInstalledNamesRunOursAndGhpsCommandsAndGhpAgentsNeverForwards() throws IOException {
        Path ghpCli = Launcher.script(tmp.resolve("node-bin/ghp"), FAKE_GHP);
        assertThat(install(SYSTEM_PATH, "--prefix", prefix.toString()).exit()).isZero();
        String path = prefix.resolve("bin") + ":" + ghpCli.getParent() + ":" + SYSTEM_PATH;

        GitRepo.Result status = ghp(path).sh(null, "ghp agent-status --json");
        GitRepo.Result forwarded = ghp(path).sh(null, "ghp issues list");
        GitRepo.Result agentsStatus = ghp(path).sh(null, "ghp-agents agent-status --json");
        GitRepo.Result notForwarded = ghp(path).sh(null, "ghp-agents issues list");

        assertThat(status.exit()).as(status.err()).isZero();
        assertThat(status.out()).contains("\"schemaVersion\": 1");
        assertThat(forwarded.exit()).isEqualTo(7);
        assertThat(forwarded.out()).isEqualTo("GHP's ghp: issues list\n");
        assertThat(agentsStatus.exit()).as(agentsStatus.err()).isZero();
        assertThat(agentsStatus.out()).contains("\"schemaVersion\": 1");
        assertThat(notForwarded.exit()).isEqualTo(2);
        assertThat(notForwarded.out()).isEmpty();
        assertThat(notForwarded.err()).startsWith("ghp: error: 'issues' is not a ghp-agents command").hasLineCount(1);
    }

    @Test
    void installingAgainChangesNothingAndSaysSo() throws IOException {
        assertThat(install(SYSTEM_PATH, "--prefix", prefix.toString()).exit()).isZero();

        GitRepo.Result again = install(SYSTEM_PATH, "--prefix=" + prefix);

        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(again.out()).startsWith(prefix.resolve("bin/ghp") + " -> " + Launcher.ROOT.resolve("bin/ghp") + " (already there)\n"
                + prefix.resolve("bin/ghp-agents") + " -> " + Launcher.ROOT.resolve("bin/ghp-agents") + " (already there)\n");
        assertThat(Files.readSymbolicLink(prefix.resolve("bin/ghp"))).isEqualTo(Launcher.ROOT.resolve("bin/ghp"));
    }

    @Test
    void aForeignFileIsNotReplacedWithoutForceAndNothingIsWritten() throws IOException {
        Path theirs = Launcher.script(prefix.resolve("bin/ghp"), FAKE_GHP);

        GitRepo.Result refused = install(SYSTEM_PATH, "--prefix", prefix.toString());

        assertThat(refused.exit()).isEqualTo(5);
        assertThat(refused.out()).isEmpty();
        assertThat(refused.err()).isEqualTo("ghp: error: " + theirs + " exists and is not a ghp-agents launcher; not replaced\n"
                + "hint: ghp install --prefix " + prefix + " --force replaces it\n");
        assertThat(Files.readString(theirs)).isEqualTo(FAKE_GHP);
        assertThat(prefix.resolve("bin/ghp-agents")).doesNotExist();

        GitRepo.Result forced = install(SYSTEM_PATH, "--prefix", prefix.toString(), "--force");

        assertThat(forced.exit()).as(forced.err()).isZero();
        assertThat(Files.readSymbolicLink(theirs)).isEqualTo(Launcher.ROOT.resolve("bin/ghp"));
        assertThat(Files.readSymbolicLink(prefix.resolve("bin/ghp-agents"))).isEqualTo(Launcher.ROOT.resolve("bin/ghp-agents"));
    }

    @Test
    void anOlderCopyOfTheLauncherIsOursAndIsReplacedWithoutForce() throws IOException {
        Files.createDirectories(prefix.resolve("bin"));
        Files.copy(Launcher.BIN_GHP, prefix.resolve("bin/ghp"));

        GitRepo.Result r = install(SYSTEM_PATH, "--prefix", prefix.toString());

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(Files.readSymbolicLink(prefix.resolve("bin/ghp"))).isEqualTo(Launcher.ROOT.resolve("bin/ghp"));
    }

    @Test
    void badArgumentsAreUsageErrorsInOneLine() {
        for (List<String> args : List.<List<String>>of(List.of(), List.of("--prefix"), List.of("--prefix", ""), List.of("--prefx", "x"),
                List.of("--prefix", prefix.toString(), "extra"))) {
            GitRepo.Result r = install(SYSTEM_PATH, args.toArray(String[]::new));

            assertThat(r.exit()).as("install %s", args).isEqualTo(2);
            assertThat(r.out()).isEmpty();
            assertThat(r.err()).as("install %s", args).startsWith("ghp: error: install").hasLineCount(1);
        }
        assertThat(prefix).doesNotExist();
    }

    @Test
    void installHelpSaysWhatItDoes() {
        GitRepo.Result r = install(SYSTEM_PATH, "--help");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("Usage: ghp install --prefix DIR [--force]\n").contains("before GHP's ghp on PATH");
    }
}

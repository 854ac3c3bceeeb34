package dev.ghp.agents.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ghp.agents.testing.GitRepo;
import dev.ghp.agents.testing.Launcher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/ghp} as a user meets it: agent commands run on the JVM, every other command goes to
 * GHP's own CLI with its arguments, streams and exit code, and the launcher never calls itself.
 */
class LauncherIT {
    /** Only system directories: enough for bash and coreutils, and (checked) no other ghp. */
    private static final String SYSTEM_PATH = "/usr/bin:/bin";
    private static final Path REAL_JAVA = Path.of(System.getProperty("java.home"), "bin", "java");

    /** Echoes what it was given, complains on stderr and exits 7, like a CLI with opinions. */
    private static final String FAKE_GHP = """
            #!/bin/sh
            printf 'fake ghp got %s args\\n' "$#"
            for a in "$@"; do printf '[%s]\\n' "$a"; done
            printf 'stdin: %s\\n' "$(cat)"
            echo "fake ghp: something on stderr" >&2
            touch "$(dirname "$0")/was-called"
            exit 7
            """;

    @TempDir
    Path tmp;

    private GitRepo repo;
    private Launcher ghp;

    @BeforeEach
    void init() {
        for (String dir : SYSTEM_PATH.split(":")) {
            assumeTrue(!Files.exists(Path.of(dir, "ghp")), "a ghp is installed in " + dir);
        }
        repo = GitRepo.init(tmp, "repo");
        ghp = new Launcher(repo.dir()).env("PATH", SYSTEM_PATH).env("GHP_CLI", null).env("JAVA_HOME", null)
                .env("GHP_JAVA", null);
    }

    private Path fakeGhp(String dirName, String fileName) {
        return Launcher.script(tmp.resolve(dirName).resolve(fileName), FAKE_GHP);
    }

    private Path symlinkToLauncher(String dirName) throws IOException {
        Path link = tmp.resolve(dirName).resolve("ghp");
        Files.createDirectories(link.getParent());
        return Files.createSymbolicLink(link, Launcher.BIN_GHP);
    }

    private Path copyOfLauncher(String dirName) throws IOException {
        Path copy = tmp.resolve(dirName).resolve("ghp");
        Files.createDirectories(copy.getParent());
        return Files.copy(Launcher.BIN_GHP, copy, StandardCopyOption.COPY_ATTRIBUTES);
    }

    private static void assertForwardedToFake(GitRepo.Result r) {
        assertThat(r.exit()).isEqualTo(7);
        assertThat(r.out()).isEqualTo("""
                fake ghp got 5 args
                [issues]
                [list]
                [--label]
                [two words]
                []
                stdin: from the pipe
                """);
        assertThat(r.err()).isEqualTo("fake ghp: something on stderr\n");
    }

    private static final String[] GHP_ARGS = {"issues", "list", "--label", "two words", ""};

    @Test
    void otherCommandsGoToTheCliNamedByGhpCliWithArgumentsStreamsAndExitCode() {
        Path fake = fakeGhp("ghp-install", "ghp-real");

        GitRepo.Result r = ghp.env("GHP_CLI", fake.toString()).runWithInput("from the pipe", GHP_ARGS);

        assertForwardedToFake(r);
    }

    @Test
    void otherCommandsGoToTheNextGhpOnPath() {
        Path fake = fakeGhp("node-bin", "ghp");

        GitRepo.Result r = ghp.env("PATH", fake.getParent() + ":" + SYSTEM_PATH).runWithInput("from the pipe", GHP_ARGS);

        assertForwardedToFake(r);
    }

    @Test
    void onPathTheLauncherSkipsASymlinkToItselfAndACopyOfItself() throws IOException {
        Path link = symlinkToLauncher("link-bin");
        Path copy = copyOfLauncher("copy-bin");
        Path fake = fakeGhp("node-bin", "ghp");

        GitRepo.Result r = ghp.env("PATH", link.getParent() + ":" + copy.getParent() + ":" + fake.getParent() + ":" + SYSTEM_PATH)
                .runWithInput("from the pipe", GHP_ARGS);

        assertForwardedToFake(r);
    }

    @Test
    void withNoGhpCliInstalledItSaysSoInOneLineAndExits127LikeAShellForAnUnknownCommand() throws IOException {
        Path link = symlinkToLauncher("link-bin");
        Path copy = copyOfLauncher("copy-bin");

        GitRepo.Result alone = ghp.run("issues", "list");
        GitRepo.Result onlyItself = ghp.env("PATH", link.getParent() + ":" + copy.getParent() + ":" + SYSTEM_PATH)
                .run("issues", "list");

        for (GitRepo.Result r : List.of(alone, onlyItself)) {
            assertThat(r.exit()).isEqualTo(127);
            assertThat(r.out()).isEmpty();
            assertThat(r.err().lines().toList()).hasSize(1);
            assertThat(r.err()).startsWith("ghp: error: ").contains("'issues'").contains("GHP_CLI");
        }
    }

    @Test
    void ghpCliThatIsTheLauncherOrNotAProgramIsRefused() throws IOException {
        Path link = symlinkToLauncher("link-bin");
        Path copy = copyOfLauncher("copy-bin");
        Path notExecutable = Files.writeString(tmp.resolve("plain-file"), "#!/bin/sh\nexit 0\n");

        for (Path cli : List.of(link, copy, Launcher.BIN_GHP, notExecutable, tmp)) {
            GitRepo.Result r = ghp.env("GHP_CLI", cli.toString()).run("issues");

            assertThat(r.exit()).as("GHP_CLI=%s", cli).isEqualTo(2);
            assertThat(r.out()).isEmpty();
            assertThat(r.err().lines().toList()).as("GHP_CLI=%s", cli).hasSize(1);
            assertThat(r.err()).startsWith("ghp: error: GHP_CLI");
        }
    }

    @Test
    void agentCommandsHelpAndVersionAreNeverForwarded() throws IOException {
        Path fake = fakeGhp("node-bin", "ghp");
        ghp.env("GHP_CLI", fake.toString()).env("PATH", fake.getParent() + ":" + SYSTEM_PATH);

        GitRepo.Result status = ghp.run("agent-status");
        GitRepo.Result heartbeat = ghp.run("agent-heartbeat", "--agent", "w", "--quiet");
        assertThat(fake.resolveSibling("was-called")).doesNotExist();
        GitRepo.Result help = ghp.run("--help");
        GitRepo.Result shortHelp = ghp.run("-h");
        GitRepo.Result version = ghp.run("--version");
        GitRepo.Result nothing = ghp.run();

        assertThat(status.exit()).as(status.err()).isZero();
        assertThat(status.out()).startsWith("No agents have reported yet.");
        assertThat(heartbeat.exit()).as(heartbeat.err()).isZero();
        assertThat(heartbeat.out()).isEmpty();
        // Ours, answered by the JVM; GHP's CLI is asked only for its own help or version (below).
        for (GitRepo.Result r : List.of(help, shortHelp, version, nothing)) {
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out()).doesNotContain("[issues]").doesNotContain("[-h]").doesNotContain("[]");
        }
        assertThat(help.out()).contains("agent-heartbeat").contains("Exit codes:").contains("fake ghp got 1 args\n[--help]\n");
        assertThat(shortHelp.out()).contains("agent-heartbeat").contains("[--help]");
        assertThat(version.out()).startsWith("ghp-agents ").contains("fake ghp got 1 args\n[--version]\n");
        assertThat(nothing.out()).contains("Usage: ghp").contains("[--help]");
        assertThat(repo.git("show", "refs/ghp/coordination:.ghp/agent-status.json")).contains("\"w\"");
    }

    /** GHP's CLI as a user has it: a help that lists its commands, and a version. */
    private static final String GHP_WITH_HELP = """
            #!/bin/sh
            case "$1" in
              --help) printf 'Usage: ghp <command>\\n  start     start an issue\\n  pipeline  run the pipeline\\n' ;;
              --version) echo 'ghp 9.9.9' ;;
              *) exit 9 ;;
            esac
            """;

    @Test
    void helpAndVersionShowOurCommandsThenGhpsFromItsCliLabelled() {
        Path ghpCli = Launcher.script(tmp.resolve("node-bin/ghp"), GHP_WITH_HELP);
        ghp.env("PATH", ghpCli.getParent() + ":" + SYSTEM_PATH);

        GitRepo.Result version = ghp.env("GHP_JAVA", REAL_JAVA.toString()).run("--version");
        GitRepo.Result shortVersion = ghp.run("-V");
        GitRepo.Result help = ghp.run("--help");
        GitRepo.Result nothing = ghp.run();

        assertThat(version.exit()).as(version.err()).isZero();
        assertThat(version.err()).isEmpty();
        List<String> lines = version.out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("ghp-agents ");
        assertThat(lines.get(1)).startsWith("Java ");
        assertThat(lines.get(2)).isEqualTo("GHP's CLI (" + ghpCli + "): ghp 9.9.9");
        assertThat(shortVersion.out()).isEqualTo(version.out());
        for (GitRepo.Result r : List.of(help, nothing)) {
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.err()).isEmpty();
            String ours = r.out().substring(0, r.out().indexOf("GHP's commands"));
            assertThat(ours).contains("agent-heartbeat").contains("Exit codes:").doesNotContain("pipeline");
            assertThat(r.out()).endsWith("\nGHP's commands, which this ghp hands to GHP's CLI (" + ghpCli + "):\n"
                    + "Usage: ghp <command>\n  start     start an issue\n  pipeline  run the pipeline\n");
        }
    }

    @Test
    void withoutGhpsCliHelpAndVersionSaySoInALineOfTheirOwn() {
        GitRepo.Result version = ghp.run("--version");
        GitRepo.Result help = ghp.run("--help");

        assertThat(version.exit()).as(version.err()).isZero();
        assertThat(version.out().lines().toList()).hasSize(3).last().asString().startsWith("GHP's CLI: not found");
        assertThat(help.exit()).as(help.err()).isZero();
        assertThat(help.out()).contains("agent-heartbeat").endsWith("GHP's CLI: not found (set GHP_CLI, or put GHP's ghp on PATH"
                + " after this one); only the commands above run\n");
        assertThat(version.err()).isEmpty();
        assertThat(help.err()).isEmpty();
    }

    @Test
    void ghpAgentsShowsOnlyOurCommandsAndVersionAndNeverForwards() {
        Path fake = fakeGhp("node-bin", "ghp");
        Path ghpAgents = Launcher.ROOT.resolve("bin/ghp-agents");
        Launcher agents = fresh().env("GHP_CLI", fake.toString()).env("PATH", fake.getParent() + ":" + SYSTEM_PATH);

        GitRepo.Result version = agents.runCommand(null, Launcher.command(ghpAgents, "--version"));
        GitRepo.Result help = agents.runCommand(null, Launcher.command(ghpAgents, "--help"));
        GitRepo.Result status = agents.runCommand(null, Launcher.command(ghpAgents, "agent-status", "--json"));
        GitRepo.Result other = agents.runCommand("from the pipe", Launcher.command(ghpAgents, GHP_ARGS));

        assertThat(version.out().lines().toList()).hasSize(2).first().asString().startsWith("ghp-agents ");
        assertThat(help.out()).contains("agent-heartbeat").doesNotContain("GHP's commands").doesNotContain("fake ghp");
        assertThat(status.exit()).as(status.err()).isZero();
        assertThat(status.out()).contains("\"schemaVersion\": 1");
        assertThat(other.exit()).isEqualTo(2);
        assertThat(other.out()).isEmpty();
        assertThat(other.err()).isEqualTo("ghp: error: 'issues' is not a ghp-agents command, and ghp-agents never hands"
                + " commands to GHP's CLI (call it as ghp)\n");
        assertThat(fake.resolveSibling("was-called")).doesNotExist();
    }

    @Test
    void versionPrintsTheProjectVersionAndTheJavaRuntime() throws IOException {
        GitRepo.Result r = ghp.env("GHP_JAVA", REAL_JAVA.toString()).run("--version");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).isEqualTo("ghp-agents " + projectVersion());
        assertThat(lines.get(1)).startsWith("Java " + System.getProperty("java.version") + " (")
                .contains(REAL_JAVA.getParent().getParent().toRealPath().toString());
    }

    @Test
    void versionReportsTheJavaItReallyRunsOn() throws IOException {
        Path java25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");
        assumeTrue(Files.isExecutable(java25), "no second JDK on this machine");

        GitRepo.Result r = ghp.env("GHP_JAVA", java25.toString()).run("--version");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().lines().toList().get(1)).startsWith("Java 25");
    }

    /** A {@code java} that notes it was chosen, then runs the real one. */
    private Path recordingJava(Path file) {
        return Launcher.script(file, "#!/bin/sh\necho picked >> \"$(dirname \"$0\")/picked\"\nexec '" + REAL_JAVA + "' \"$@\"\n");
    }

    @Test
    void ghpJavaWinsOverJavaHome() {
        Path viaGhpJava = recordingJava(tmp.resolve("ghp-java/java"));
        Path viaJavaHome = recordingJava(tmp.resolve("jdk-home/bin/java"));

        GitRepo.Result r = ghp.env("GHP_JAVA", viaGhpJava.toString()).env("JAVA_HOME", tmp.resolve("jdk-home").toString())
                .run("--version");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("ghp-agents ");
        assertThat(viaGhpJava.resolveSibling("picked")).exists();
        assertThat(viaJavaHome.resolveSibling("picked")).doesNotExist();
    }

    @Test
    void javaHomeIsUsedWithoutGhpJava() {
        Path viaJavaHome = recordingJava(tmp.resolve("jdk-home/bin/java"));
        Path onPath = recordingJava(tmp.resolve("path-bin/java"));

        GitRepo.Result r = ghp.env("JAVA_HOME", tmp.resolve("jdk-home").toString())
                .env("PATH", onPath.getParent() + ":" + SYSTEM_PATH).run("--version");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(viaJavaHome.resolveSibling("picked")).exists();
        assertThat(onPath.resolveSibling("picked")).doesNotExist();
    }

    @Test
    void aJavaHomeWithoutBinJavaIsReportedInOneLineAndTheNextJavaIsUsed() throws IOException {
        Path onPath = recordingJava(tmp.resolve("path-bin/java"));
        Path notAJdk = Files.createDirectories(tmp.resolve("not-a-jdk/bin"));

        GitRepo.Result r = ghp.env("GHP_AGENTS_JAR", Launcher.JAR.toString())
                .env("JAVA_HOME", notAJdk.getParent().toString())
                .env("PATH", onPath.getParent() + ":" + SYSTEM_PATH).run("agent-status");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("No agents have reported yet.");
        assertThat(r.err()).isEqualTo("ghp: warning: JAVA_HOME=" + notAJdk.getParent() + " has no bin/java; using " + onPath + "\n");
        assertThat(onPath.resolveSibling("picked")).exists();
    }

    @Test
    void aJavaHomeWithoutBinJavaAndNoJavaElsewhereIsAnErrorNamingIt() throws IOException {
        Path noJava = pathWithoutJava();

        GitRepo.Result r = fresh().env("GHP_AGENTS_JAR", Launcher.JAR.toString())
                .env("JAVA_HOME", tmp.resolve("no-such-jdk").toString()).env("PATH", noJava.toString()).run("agent-status");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("ghp: error: JAVA_HOME=" + tmp.resolve("no-such-jdk")
                + " has no bin/java, and no java is on PATH (set GHP_JAVA or a valid JAVA_HOME)\n");
    }

    @Test
    void javaOnPathIsTheLastResort() {
        Path onPath = recordingJava(tmp.resolve("path-bin/java"));

        // GHP_AGENTS_JAR bypasses the build's class cache, which may prefer the JVM it was made for.
        GitRepo.Result r = ghp.env("GHP_AGENTS_JAR", Launcher.JAR.toString())
                .env("JAVA_HOME", tmp.resolve("no-such-jdk").toString())
                .env("PATH", onPath.getParent() + ":" + SYSTEM_PATH).run("--version");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("ghp-agents ");
        assertThat(onPath.resolveSibling("picked")).exists();
    }

    @Test
    void aGhpJavaThatIsNotAProgramIsReportedInOneLine() {
        GitRepo.Result r = ghp.env("GHP_JAVA", tmp.resolve("no-such-java").toString()).run("--version");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines().toList()).hasSize(1);
        assertThat(r.err()).startsWith("ghp: error: GHP_JAVA");
    }

    @Test
    void theLauncherWorksThroughASymlinkFromAnotherDirectory() throws IOException {
        Path link = symlinkToLauncher("home-bin");

        GitRepo.Result r = GitRepo.Processes.run(repo.dir(), java.util.Map.of("PATH", SYSTEM_PATH, "JAVA_HOME", ""), null,
                List.of(link.toString(), "agent-status", "--json"));

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"schemaVersion\": 1");
    }

    /**
     * A chain of links, relative and absolute, one through a linked directory, where readlink has
     * no -f (macOS before 12.3): the launcher still finds the checkout's jar, by path and on PATH.
     */
    @Test
    void aSymlinkChainLeadsToTheJarWhereReadlinkHasNoDashF() throws IOException {
        Path noDashF = Launcher.script(tmp.resolve("bsd-bin/readlink"), """
                #!/bin/sh
                for a in "$@"; do
                  case "$a" in -f | -e | -m) echo "readlink: illegal option -- ${a#-}" >&2; exit 1 ;; esac
                done
                exec /usr/bin/readlink "$@"
                """);
        Path checkoutBin = Files.createSymbolicLink(tmp.resolve("checkout-bin"), Launcher.BIN_GHP.getParent());
        Path middle = Files.createDirectories(tmp.resolve("tools")).resolve("ghp-latest");
        Files.createSymbolicLink(middle, checkoutBin.resolve("ghp"));
        Path home = Files.createDirectories(tmp.resolve("home/bin"));
        Path link = Files.createSymbolicLink(home.resolve("ghp"), Path.of("../../tools/ghp-latest"));
        String path = noDashF.getParent() + ":" + SYSTEM_PATH;

        GitRepo.Result byPath = fresh().env("PATH", path).runCommand(null, List.of(link.toString(), "agent-status", "--json"));
        GitRepo.Result onPath = fresh().env("PATH", home + ":" + path).sh(null, "ghp agent-status --json");
        GitRepo.Result relative = fresh().in(home).env("PATH", path).runCommand(null, List.of("./ghp", "--version"));

        for (GitRepo.Result r : List.of(byPath, onPath)) {
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.err()).isEmpty();
            assertThat(r.out()).contains("\"schemaVersion\": 1");
        }
        assertThat(relative.exit()).as(relative.err()).isZero();
        assertThat(relative.out()).startsWith("ghp-agents ");
    }

    /** A PATH with bash and the few tools the launcher needs, and no java. */
    private Path pathWithoutJava() throws IOException {
        Path bin = Files.createDirectories(tmp.resolve("no-java-bin"));
        for (String tool : List.of("bash", "readlink", "head", "grep", "cat", "timeout", "mktemp", "rmdir", "locale")) {
            Path real = Path.of("/usr/bin", tool);
            if (Files.exists(real)) {
                Files.createSymbolicLink(bin.resolve(tool), real);
            }
        }
        return bin;
    }

    @Test
    void aHookRunExitsZeroAndPrintsNothingOnStdoutWhateverIsBroken() throws IOException {
        String event = "{\"cwd\": \"" + repo.dir() + "\", \"hook_event_name\": \"Stop\"}";
        Path noJava = pathWithoutJava();
        String gone = "d=$(mktemp -d) && cd \"$d\" && rmdir \"$d\" && exec " + Launcher.BIN_GHP + " agent-hooks run stop";
        java.util.Map<String, GitRepo.Result> runs = new java.util.LinkedHashMap<>();
        runs.put("GHP_JAVA not a program", fresh().env("GHP_JAVA", tmp.resolve("no-such-java").toString())
                .runWithInput(event, "agent-hooks", "run", "stop"));
        runs.put("no jar", fresh().env("GHP_AGENTS_JAR", tmp.resolve("no-such.jar").toString())
                .runWithInput(event, "agent-hooks", "run", "stop"));
        runs.put("no java", fresh().env("PATH", noJava.toString()).env("GHP_AGENTS_JAR", Launcher.JAR.toString())
                .runWithInput(event, "agent-hooks", "run", "stop"));
        runs.put("a JVM that cannot start", fresh().env("GHP_JAVA_OPTS", "-XX:+NoSuchOption")
                .runWithInput(event, "agent-hooks", "run", "stop"));
        runs.put("deleted directory", fresh().runCommand(event, List.of("bash", "-c", gone)));

        runs.forEach((why, r) -> {
            assertThat(r.exit()).as("%s: %s", why, r.err()).isZero();
            assertThat(r.out()).as(why).isEmpty();
            assertThat(r.err()).as(why).contains("ghp: error: ").doesNotContain("Exception");
        });
    }

    @Test
    void aCommandWhoseDirectoryWasDeletedGetsOneLineAndExitFive() {
        String gone = "d=$(mktemp -d) && cd \"$d\" && rmdir \"$d\" && exec " + Launcher.BIN_GHP + " agent-heartbeat --agent alice";

        GitRepo.Result r = fresh().runCommand(null, List.of("bash", "-c", gone));

        assertThat(r.exit()).as(r.err()).isEqualTo(5);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("ghp: error: the current directory no longer exists").doesNotContain("Exception");
        assertThat(r.err().lines().filter(l -> !l.startsWith("shell-init:") && !l.startsWith("chdir:")).toList())
                .as("one line of ours (bash itself may complain as it starts)").hasSize(1);
    }

    /** A launcher like {@link #ghp}, for tests that change its variables per run. */
    private Launcher fresh() {
        return new Launcher(repo.dir()).env("PATH", SYSTEM_PATH).env("GHP_CLI", null).env("JAVA_HOME", null)
                .env("GHP_JAVA", null);
    }

    private static String projectVersion() throws IOException {
        Matcher m = Pattern.compile("<artifactId>ghp-agents</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(Launcher.ROOT.resolve("pom.xml")));
        assertThat(m.find()).isTrue();
        return m.group(1);
    }
}

package dev.ghp.agents.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.model.StorePaths;
import dev.ghp.agents.testing.CliRunner;
import dev.ghp.agents.testing.GitRepo;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A record whose tree ghp-agents did not write, made with git's plumbing: a path of the wrong kind
 * is refused (exit 5) rather than read as "nothing there" and replaced by the next write, and a
 * path JGit's index refuses ({@code .git}, {@code ..}) is diagnosed, not an internal error. The
 * ref is left exactly as it was.
 */
class RecordShapeTest {
    private static final String TABLE = "{\"schemaVersion\": 1, \"agents\": {\"other\": {\"status\": \"implementing\","
            + " \"timestamp\": \"2025-01-25T10:29:00Z\"}}}\n";

    @TempDir
    java.nio.file.Path tmp;

    private GitRepo repo;
    private CliRunner ghp;

    @BeforeEach
    void init() {
        repo = GitRepo.init(tmp, "repo");
        repo.commitFile("README.md", "hello\n");
        ghp = new CliRunner(repo.dir());
    }

    private String blob(String content) {
        return check(GitRepo.Processes.run(repo.dir(), GitRepo.GIT_ENV, content, List.of("git", "hash-object", "-w", "--stdin")));
    }

    /** {@code git mktree} of entries written as {@code git ls-tree} prints them. */
    private String tree(String... entries) {
        String input = entries.length == 0 ? "" : String.join("\n", entries) + "\n";
        return check(GitRepo.Processes.run(repo.dir(), GitRepo.GIT_ENV, input, List.of("git", "mktree", "--missing")));
    }

    private static String file(String name, String blob) {
        return "100644 blob " + blob + "\t" + name;
    }

    private static String dir(String name, String tree) {
        return "040000 tree " + tree + "\t" + name;
    }

    /** Points the coordination ref at a commit of {@code root}, as a foreign writer would. */
    private String plant(String root) {
        String commit = check(GitRepo.Processes.run(repo.dir(), GitRepo.GIT_ENV, null,
                List.of("git", "commit-tree", root, "-m", "written by something else")));
        repo.git("update-ref", StorePaths.REF, commit);
        return commit;
    }

    private static String check(GitRepo.Result r) {
        assertThat(r.exit()).as(r.err()).isZero();
        return r.out().trim();
    }

    private void assertRefusedLeavingTheRef(String planted, String expectedMessage, String... command) {
        CliRunner.Result r = ghp.run(command);

        assertThat(r.exit()).as("%s: %s", List.of(command), r.err()).isEqualTo(5);
        assertThat(r.err()).startsWith("ghp: error: ").contains(expectedMessage).contains("nothing was written")
                .contains("hint: look at it with: git ls-tree -r refs/ghp/coordination");
        assertThat(repo.coordinationTip()).isEqualTo(planted);
    }

    @Test
    void anAgentTableThatIsADirectoryIsRefusedNotReadAsNoAgents() {
        String planted = plant(tree(dir(".ghp", tree(dir("agent-status.json", tree(file("x", blob("x\n"))))))));
        String expected = ".ghp/agent-status.json is a directory, not a file";

        assertRefusedLeavingTheRef(planted, expected, "agent-status");
        assertRefusedLeavingTheRef(planted, expected, "agent-heartbeat", "--agent", "w1", "--files", "src/**");
        repo.assertFsckClean();
    }

    @Test
    void aGhpDirectoryThatIsAFileIsRefusedNotReplaced() {
        String planted = plant(tree(file(".ghp", blob("not a directory\n"))));
        String expected = ".ghp is a file, not a directory";

        assertRefusedLeavingTheRef(planted, expected, "agent-status", "--json");
        assertRefusedLeavingTheRef(planted, expected, "agent-heartbeat", "--agent", "w1");
        assertRefusedLeavingTheRef(planted, expected, "agent-escalate", "--agent", "w1", "help");
        repo.assertFsckClean();
    }

    @Test
    void anEscalationThatIsADirectoryIsRefusedNotSkipped() {
        String escalations = tree(dir("esc-1a2b3c4d.json", tree(file("x", blob("x\n")))));
        String planted = plant(tree(dir(".ghp", tree(file("agent-status.json", blob(TABLE)), dir("escalations", escalations)))));
        String expected = ".ghp/escalations/esc-1a2b3c4d.json is a directory, not a file";

        assertRefusedLeavingTheRef(planted, expected, "agent-escalate", "--list");
        assertRefusedLeavingTheRef(planted, expected, "agent-escalate", "--show", "esc-1a2b3c4d");
        assertRefusedLeavingTheRef(planted, expected, "agent-escalate", "--resolve", "esc-1a2b3c4d", "--answer", "yes");
        repo.assertFsckClean();
    }

    @Test
    void anEscalationsDirectoryThatIsASymbolicLinkIsRefused() {
        String link = "120000 blob " + blob("/etc") + "\tescalations";
        String planted = plant(tree(dir(".ghp", tree(file("agent-status.json", blob(TABLE)), link))));

        assertRefusedLeavingTheRef(planted, ".ghp/escalations is a symbolic link, not a directory", "agent-escalate", "--list");
    }

    @ParameterizedTest
    @ValueSource(strings = {".git", "git~1", "..", ".GIT"})
    void aPathGitWouldNotCheckOutIsDiagnosedNotAnInternalError(String name) {
        String ghpDir = tree(file("agent-status.json", blob(TABLE)), file(name, blob("planted\n")));
        String planted = plant(tree(dir(".ghp", ghpDir)));

        CliRunner.Result r = ghp.run("agent-heartbeat", "--agent", "w1", "--files", "src/**");

        assertThat(r.exit()).as(r.err()).isEqualTo(5);
        assertThat(r.err()).startsWith("ghp: error: the coordination state holds a path git refuses to check out: '.ghp/"
                + name + "' (it was written by something other than ghp-agents; nothing was written)")
                .contains("hint: look at it with: git ls-tree -r refs/ghp/coordination");
        assertThat(repo.coordinationTip()).isEqualTo(planted);
    }
}

package dev.ghp.agents.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.testing.GitRemotes;
import dev.ghp.agents.testing.GitRepo;
import dev.ghp.agents.testing.Launcher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CI workflow of {@code docs/ci.md}, its check step run as written there (read from the doc)
 * with the script it calls ({@code docs/ci/check-agents.sh}, copied where the doc says), through a
 * shell with bin/ghp on PATH, in a fresh {@code git clone} of a bare remote: no local
 * {@code refs/ghp/coordination}, as in an {@code actions/checkout}.
 */
class CiCheckIT {
    static final Path DOC = Launcher.ROOT.resolve("docs/ci.md");
    static final Path SCRIPT = Launcher.ROOT.resolve("docs/ci/check-agents.sh");
    static final String REF = "refs/ghp/coordination";

    @TempDir
    Path tmp;
    Map<String, String> env;
    GitRepo remote;
    GitRepo writer;

    @BeforeEach
    void aRemoteAndAnAgentsClone() {
        env = Launcher.userEnv(tmp);
        remote = GitRemotes.bare(tmp, "remote.git");
        writer = GitRemotes.cloneOf(remote, tmp, "writer");
    }

    /**
     * The workflow's one-line {@code run:} steps (the install step, a block, is the team's own):
     * the shell steps a runner executes after the checkout.
     */
    static List<String> checkSteps() throws IOException {
        String text = Files.readString(DOC);
        int at = text.indexOf("<!-- ci-workflow -->");
        assertThat(at).as("marker ci-workflow in docs/ci.md").isNotNegative();
        int start = text.indexOf("```yaml\n", at) + "```yaml\n".length();
        String yaml = text.substring(start, text.indexOf("```", start));
        return yaml.lines().map(String::trim).filter(l -> l.startsWith("run: ") && !l.equals("run: |"))
                .map(l -> l.substring("run: ".length())).toList();
    }

    private GitRepo.Result ghp(GitRepo in, String... args) {
        GitRepo.Result r = new Launcher(in.dir()).env(env).run(args);
        assertThat(r.exit()).as("ghp %s: %s", String.join(" ", args), r.err()).isZero();
        return r;
    }

    /** A fresh clone, the script where the workflow expects it, and the workflow's check steps run in it. */
    private GitRepo.Result runTheCheckInAFreshClone(String name) throws IOException {
        GitRepo ci = GitRemotes.cloneOf(remote, tmp, name);
        assertThat(GitRemotes.tip(ci, REF)).as("a plain clone has no record").isNull();
        Files.createDirectories(ci.dir().resolve(".github"));
        Files.copy(SCRIPT, ci.dir().resolve(".github/check-agents.sh"));
        List<String> steps = checkSteps();
        assertThat(steps).containsExactly("sh .github/check-agents.sh --stale-after 30m --fail-on stale,escalations,approvals");
        return new Launcher(ci.dir()).env(env).bash(String.join("\n", steps));
    }

    @Test
    void theCheckPassesInAFreshCloneWhenTheRemotesRecordNeedsNobody() throws IOException {
        ghp(writer, "agent-heartbeat", "--agent", "worker-1", "--issue", "147", "--action", "wrote the parser");
        ghp(writer, "agent-sync");
        String before = GitRemotes.tip(remote, REF);

        GitRepo.Result r = runTheCheckInAFreshClone("ci");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("worker-1").contains("wrote the parser").doesNotContain("✗");
        assertThat(GitRemotes.tip(GitRepo.at(tmp.resolve("ci")), REF)).isEqualTo(before);
        assertThat(GitRemotes.tip(remote, REF)).as("the check pushed nothing").isEqualTo(before);
        GitRepo.at(tmp.resolve("ci")).assertFsckClean();
    }

    @Test
    void theCheckFailsInAFreshCloneOnAnOpenEscalationAndSaysWhich() throws IOException {
        ghp(writer, "agent-heartbeat", "--agent", "worker-1", "--issue", "147");
        String id = ghp(writer, "agent-escalate", "--agent", "worker-1", "--issue", "147", "Which", "API", "version?").out().trim();
        ghp(writer, "agent-sync");

        GitRepo.Result r = runTheCheckInAFreshClone("ci");

        assertThat(r.exit()).as(r.err()).isEqualTo(4);
        assertThat(r.out()).contains("✗ --check failed on escalations: " + id + " (question, worker-1)\n");
    }

    @Test
    void theCheckFailsWhenNoRecordWasEverPushed() throws IOException {
        GitRepo.Result r = runTheCheckInAFreshClone("ci");

        assertThat(r.exit()).isEqualTo(5);
        assertThat(r.err()).startsWith("ghp: error: no coordination record here or on 'origin': nothing to check");
    }
}

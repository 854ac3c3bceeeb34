package dev.ghp.agents.sync;

import static dev.ghp.agents.testing.GitRemotes.tip;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.config.Settings;
import dev.ghp.agents.git.RepoContext;
import dev.ghp.agents.git.RepoLocator;
import dev.ghp.agents.testing.CliRunner;
import dev.ghp.agents.testing.GitRemotes;
import dev.ghp.agents.testing.GitRepo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pruned record meets its remote: the pruned line replaces the remote's history (with a lease),
 * what other clones wrote meanwhile is kept, and a clone still on the old history takes the pruned
 * line instead of merging the old history back in. Real clones of a real bare remote; git itself
 * counts the commits and checks the repositories.
 */
class PrunedHistorySyncTest {
    private static final String REF = "refs/ghp/coordination";
    private static final int LIMIT = 10;

    @TempDir
    Path tmp;
    GitRepo remote;
    GitRepo a;
    GitRepo b;

    @BeforeEach
    void twoClonesWithASmallHistoryLimit() throws IOException {
        remote = GitRemotes.bare(tmp, "remote.git");
        a = GitRemotes.cloneOf(remote, tmp, "a");
        b = GitRemotes.cloneOf(remote, tmp, "b");
        for (GitRepo clone : new GitRepo[] {a, b}) {
            Files.createDirectories(clone.dir().resolve(".ghp"));
            // Far from the automatic prune (1.25 x the limit is never reached without agent-prune).
            Files.writeString(clone.dir().resolve(".ghp/config.json"),
                    "{\"agents\": {\"history\": {\"maxCommits\": " + LIMIT + ", \"maxAge\": \"3650d\"}}}\n");
        }
    }

    private static void run(GitRepo clone, String... args) {
        CliRunner.Result r = new CliRunner(clone.dir()).run(args);
        assertThat(r.exit()).as(String.join(" ", args) + ": " + r.err()).isZero();
    }

    private static void heartbeat(GitRepo clone, String agent, String action) {
        run(clone, "agent-heartbeat", "--agent", agent, "--action", action);
    }

    private static SyncOutcome sync(GitRepo clone) {
        RepoContext rc = RepoLocator.open(clone.dir());
        try {
            SyncSettings settings = SyncSettings.resolve(null, Settings.load(null, Map.of()));
            return Syncs.run(rc, settings, Map.of(), Clock.systemUTC(), s -> { });
        } finally {
            rc.repository().close();
        }
    }

    private static int commits(GitRepo repo) {
        return Integer.parseInt(repo.git("rev-list", "--count", REF).trim());
    }

    private static boolean contains(GitRepo repo, String ancestor, String descendant) {
        return repo.run("merge-base", "--is-ancestor", ancestor, descendant).exit() == 0;
    }

    @Test
    void aPrunedLineReplacesTheRemotesHistoryWhenNobodyPushedMeanwhile() {
        for (int i = 1; i <= 8; i++) {
            heartbeat(a, "worker-1", "step " + i);
        }
        sync(a);
        String before = tip(remote, REF);
        for (int i = 9; i <= 12; i++) {
            heartbeat(a, "worker-1", "step " + i);
        }
        run(a, "agent-prune", "--quiet");
        assertThat(contains(a, before, tip(a, REF))).as("the prune rewrote a's line").isFalse();

        SyncOutcome outcome = sync(a);

        assertThat(outcome.kind()).isIn(SyncOutcome.Kind.SENT, SyncOutcome.Kind.MERGED);
        assertThat(tip(remote, REF)).isEqualTo(tip(a, REF));
        assertThat(commits(remote)).as("the remote's history is the pruned one").isLessThanOrEqualTo(LIMIT + 1);
        assertThat(remote.showCoordinationIn(REF)).contains("step 12");
        remote.assertFsckClean();
        a.assertFsckClean();
    }

    @Test
    void whatAnotherClonePushedMeanwhileIsKeptAndThatCloneTakesThePrunedLine() {
        for (int i = 1; i <= 11; i++) {
            heartbeat(a, "worker-1", "step " + i);
        }
        sync(a);
        sync(b);
        heartbeat(b, "worker-2", "b's work");
        sync(b);
        String oldLine = tip(remote, REF);
        heartbeat(a, "worker-1", "after the prune");
        run(a, "agent-prune", "--quiet");

        SyncOutcome fromA = sync(a);

        assertThat(fromA.kind()).isEqualTo(SyncOutcome.Kind.MERGED);
        assertThat(tip(remote, REF)).isEqualTo(tip(a, REF));
        assertThat(contains(remote, oldLine, tip(remote, REF))).as("the old history is not brought back").isFalse();
        assertThat(commits(remote)).isLessThanOrEqualTo(LIMIT + 2);
        assertThat(remote.showCoordinationIn(REF)).contains("after the prune").contains("b's work");

        SyncOutcome fromB = sync(b);

        assertThat(fromB.kind()).isIn(SyncOutcome.Kind.RECEIVED, SyncOutcome.Kind.MERGED);
        assertThat(tip(b, REF)).as("b takes the pruned line as it is").isEqualTo(tip(remote, REF));
        assertThat(commits(b)).isLessThanOrEqualTo(LIMIT + 2);

        heartbeat(b, "worker-2", "b again");
        SyncOutcome again = sync(b);
        assertThat(again.kind()).isEqualTo(SyncOutcome.Kind.SENT);
        SyncOutcome backToA = sync(a);
        assertThat(backToA.kind()).isEqualTo(SyncOutcome.Kind.RECEIVED);
        assertThat(a.showCoordination(".ghp/agent-status.json")).contains("after the prune").contains("b again");
        assertThat(commits(remote)).isLessThanOrEqualTo(LIMIT + 3);
        for (GitRepo repo : new GitRepo[] {remote, a, b}) {
            repo.assertFsckClean();
        }
    }
}

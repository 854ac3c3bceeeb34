package dev.ghp.agents.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ghp.agents.git.RepoContext;
import dev.ghp.agents.git.RepoLocator;
import dev.ghp.agents.testing.GitRepo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store's way of taking in another line of history: fast-forward, or a merge commit under the lock. */
class GitRefStoreIntegrateTest {
    @TempDir
    Path tmp;
    GitRepo repo;
    RepoContext rc;
    GitRefStore store;

    @BeforeEach
    void open() {
        repo = GitRepo.init(tmp, "repo");
        rc = RepoLocator.open(repo.dir());
        store = new GitRefStore(rc.repository(), Clock.systemUTC());
    }

    @AfterEach
    void close() {
        rc.repository().close();
    }

    private String write(String path, String text) {
        return store.update(s -> Change.of("write " + path, "test").put(path, text.getBytes(StandardCharsets.UTF_8))).commitId();
    }

    /** Two lines from one base: the other's tip, not on the ref, and the local tip, on it. */
    private record Lines(String other, String local) {
    }

    private Lines diverged() {
        String base = write(".ghp/a", "1");
        String other = write(".ghp/b", "2");
        repo.git("update-ref", "refs/ghp/coordination", base);
        return new Lines(other, write(".ghp/c", "3"));
    }

    @Test
    void aMergeCommitHasBothParentsEvenWhenItsTreeEqualsTheLocalOne() {
        Lines lines = diverged();
        String other = lines.other();
        String local = lines.local();

        WriteResult r = store.integrate(s -> Integration.Step.merge(other, Change.of("sync: merge", "ghp-agent-sync"))
                .giving(null)).write();

        assertThat(r.committed()).isTrue();
        assertThat(repo.git("log", "-1", "--format=%P", "refs/ghp/coordination").trim()).isEqualTo(local + " " + other);
        assertThat(repo.git("rev-parse", "refs/ghp/coordination^{tree}")).isEqualTo(repo.git("rev-parse", local + "^{tree}"));
        repo.assertFsckClean();
    }

    @Test
    void aFastForwardMovesTheRefAndNeverDropsALocalCommit() {
        String first = write(".ghp/a", "1");
        String second = write(".ghp/b", "2");
        repo.git("update-ref", "refs/ghp/coordination", first);

        assertThat(store.integrate(s -> Integration.Step.fastForward(second).giving(null)).write().commitId()).isEqualTo(second);
        assertThatThrownBy(() -> store.integrate(s -> Integration.Step.fastForward(first).giving(null)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not a fast-forward");
        assertThat(repo.git("rev-parse", "refs/ghp/coordination").trim()).isEqualTo(second);
    }

    @Test
    void theDecisionIsTakenAgainFromTheFreshTipWhenAWriterCameInBetween() {
        String base = write(".ghp/a", "1");
        String other = write(".ghp/b", "2");
        repo.git("update-ref", "refs/ghp/coordination", base);
        int[] calls = {0};
        store.afterRead(() -> {
            if (calls[0]++ == 0) {
                repo.git("update-ref", "refs/ghp/coordination", other, base); // a racing writer
            }
        });

        WriteResult r = store.integrate(s -> (s.commitId().orElseThrow().equals(other)
                ? Integration.Step.none() : Integration.Step.fastForward(other)).giving(null)).write();

        assertThat(calls[0]).isEqualTo(2);
        assertThat(r.committed()).isFalse();
        assertThat(r.commitId()).isEqualTo(other);
    }

    @Test
    void whatTheIntegrationDecidedComesBackFromTheRunThatCommitted() {
        Lines lines = diverged();
        String other = lines.other();
        String local = lines.local();
        String racer = write(".ghp/d", "4");
        repo.git("update-ref", "refs/ghp/coordination", local);
        int[] calls = {0};
        store.afterRead(() -> {
            if (calls[0]++ == 0) {
                // a racing writer: the first run's decision is thrown away
                repo.git("update-ref", "refs/ghp/coordination", racer, local);
            }
        });

        Decided<String> d = store.integrate(s -> Integration.Step.merge(other, Change.of("sync: merge", "ghp-agent-sync"))
                .giving("merged onto " + s.commitId().orElseThrow()));

        assertThat(calls[0]).isEqualTo(2);
        assertThat(d.write().committed()).isTrue();
        assertThat(d.write().commitId()).isEqualTo(repo.git("rev-parse", "refs/ghp/coordination").trim());
        assertThat(repo.git("log", "-1", "--format=%P", "refs/ghp/coordination").trim()).isEqualTo(racer + " " + other);
        assertThat(d.result()).as("decided from the racer's tip, not from the first read").isEqualTo("merged onto " + racer);
        repo.assertFsckClean();
    }
}

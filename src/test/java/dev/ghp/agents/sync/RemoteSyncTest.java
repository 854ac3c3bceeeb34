package dev.ghp.agents.sync;

import static dev.ghp.agents.testing.GitRemotes.tip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ghp.agents.config.Settings;
import dev.ghp.agents.errors.StateException;
import dev.ghp.agents.git.RepoContext;
import dev.ghp.agents.git.RepoLocator;
import dev.ghp.agents.testing.CliRunner;
import dev.ghp.agents.testing.GitRemotes;
import dev.ghp.agents.testing.GitRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sync protocol against real repositories, with the seam after the fetch to stage races and failures. */
class RemoteSyncTest {
    private static final String REF = "refs/ghp/coordination";

    @TempDir
    Path tmp;
    GitRepo remote;
    GitRepo a;
    GitRepo b;

    @BeforeEach
    void twoClones() {
        remote = GitRemotes.bare(tmp, "remote.git");
        a = GitRemotes.cloneOf(remote, tmp, "a");
        b = GitRemotes.cloneOf(remote, tmp, "b");
    }

    private static void heartbeat(GitRepo clone, String agent) {
        CliRunner.Result r = new CliRunner(clone.dir()).run("agent-heartbeat", "--agent", agent);
        assertThat(r.exit()).as(r.err()).isZero();
    }

    private static SyncOutcome sync(GitRepo clone, Consumer<RemoteSync> seam) {
        RepoContext rc = RepoLocator.open(clone.dir());
        try {
            SyncSettings settings = SyncSettings.resolve(null, Settings.load(null, Map.of()));
            return Syncs.run(rc, settings, Map.of(), Clock.systemUTC(), seam);
        } finally {
            rc.repository().close();
        }
    }

    @Test
    void aPushRaceLostToAnotherCloneIsFetchedMergedAndPushedAgain() {
        heartbeat(a, "worker-1");
        heartbeat(b, "worker-2");
        sync(b, s -> { });
        heartbeat(b, "worker-3");
        boolean[] raced = {false};

        SyncOutcome outcome = sync(a, s -> s.afterFetch(() -> {
            if (!raced[0]) {
                raced[0] = true;
                sync(b, x -> { }); // b pushes worker-3 after a fetched: a's lease no longer holds
            }
        }));

        assertThat(outcome.rounds()).isEqualTo(2);
        assertThat(outcome.kind()).isEqualTo(SyncOutcome.Kind.MERGED);
        assertThat(tip(remote, REF)).isEqualTo(tip(a, REF));
        assertThat(remote.showCoordinationIn(REF)).contains("worker-1").contains("worker-2").contains("worker-3");
        remote.assertFsckClean();
        a.assertFsckClean();
    }

    @Test
    void aRemoteThatDisappearsMidSyncLeavesBothSidesValidAndTheNextSyncFinishes() throws Exception {
        heartbeat(b, "worker-2");
        sync(b, s -> { });
        heartbeat(a, "worker-1");
        Path away = tmp.resolve("remote-away.git");
        String remoteBefore = tip(remote, REF);

        assertThatThrownBy(() -> sync(a, s -> s.afterFetch(() -> move(remote.dir(), away))))
                .isInstanceOf(StateException.class)
                .hasMessageContaining("cannot push to remote 'origin'");

        assertThat(a.showCoordination(".ghp/agent-status.json")).as("the merge is kept locally")
                .contains("worker-1").contains("worker-2");
        a.assertFsckClean();
        move(away, remote.dir());
        remote.assertFsckClean();
        assertThat(tip(remote, REF)).isEqualTo(remoteBefore);
        assertThat(Files.readString(a.dir().resolve(".git/ghp-sync.json"))).contains("lastError");

        SyncOutcome retry = sync(a, s -> { });

        assertThat(retry.kind()).isEqualTo(SyncOutcome.Kind.SENT);
        assertThat(tip(remote, REF)).isEqualTo(tip(a, REF));
        remote.assertFsckClean();
    }

    @Test
    void aRemoteRefLockedByAnotherPushUnderWayIsARaceToRetryNotARefusal() throws Exception {
        heartbeat(b, "worker-2");
        sync(b, s -> { });
        heartbeat(a, "worker-1");
        // Another clone's push holds the remote ref's lock (fresh: not abandoned) when a pushes,
        // and finishes before a's next round: git and JGit refuse with "failed to lock".
        Path lock = remote.dir().resolve(REF + ".lock");
        int[] fetches = {0};

        SyncOutcome outcome = sync(a, s -> s.afterFetch(() -> {
            try {
                if (++fetches[0] == 1) {
                    Files.writeString(lock, tip(remote, REF) + "\n");
                } else {
                    Files.deleteIfExists(lock);
                }
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        }));

        assertThat(outcome.kind()).isEqualTo(SyncOutcome.Kind.MERGED);
        assertThat(outcome.rounds()).isEqualTo(2);
        assertThat(tip(remote, REF)).isEqualTo(tip(a, REF));
        assertThat(remote.showCoordinationIn(REF)).contains("worker-1").contains("worker-2");
        remote.assertFsckClean();
    }

    private static void move(Path from, Path to) {
        try {
            Files.move(from, to);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}

package dev.ghp.agents.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.model.StatusCodec;
import dev.ghp.agents.testing.Launcher;
import dev.ghp.agents.testing.GitRemotes;
import dev.ghp.agents.testing.GitRepo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} during syncs, at random moments (starting the JVM, fetching, merging, pushing):
 * every time, the clones and the remote stay valid ({@code git fsck --strict} clean, the ref on a
 * readable record), and the next syncs finish and converge with nothing lost.
 */
class SyncCrashIT {
    private static final String REF = "refs/ghp/coordination";

    @TempDir
    Path tmp;

    @Test
    void syncsKilledAtRandomMomentsLeaveBothSidesValidAndTheNextSyncFinishes() throws Exception {
        GitRepo remote = GitRemotes.bare(tmp, "remote.git");
        GitRepo a = GitRemotes.cloneOf(remote, tmp, "a");
        GitRepo b = GitRemotes.cloneOf(remote, tmp, "b");
        Random random = new Random(99);
        int kills = 0;
        int killedWhileRunning = 0;
        int iterations = 8;
        for (int i = 0; i < iterations; i++) {
            ok(new Launcher(a.dir()).run("agent-heartbeat", "--agent", "a-" + i, "--quiet"));
            ok(new Launcher(b.dir()).run("agent-heartbeat", "--agent", "b-" + i, "--quiet"));
            Process syncA = new Launcher(a.dir()).start("agent-sync", "--quiet");
            Process syncB = new Launcher(b.dir()).start("agent-sync", "--quiet");
            Thread.sleep(150 + random.nextInt(900));
            for (Process p : List.of(syncA, syncB)) {
                if (p.isAlive()) {
                    killedWhileRunning++;
                }
                p.destroyForcibly(); // SIGKILL
                p.waitFor(30, TimeUnit.SECONDS);
                kills++;
            }
            for (GitRepo repo : List.of(a, b, remote)) {
                repo.assertFsckClean();
                if (repo.hasCoordinationRef()) {
                    StatusCodec.parse(repo.showCoordinationIn(REF).getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        // A ref lock left by a killed writer counts as abandoned once it is GHP_REF_LOCK_AGE old: until
        // then a sync may give up on it; it must succeed once the lock is old enough.
        for (GitRepo clone : List.of(a, b, a)) {
            ok(syncOnceLocksAreAbandoned(clone));
        }

        String tree = remote.git("rev-parse", REF + "^{tree}").trim();
        assertThat(a.git("rev-parse", REF + "^{tree}").trim()).isEqualTo(tree);
        assertThat(b.git("rev-parse", REF + "^{tree}").trim()).isEqualTo(tree);
        String status = remote.showCoordinationIn(REF);
        for (int i = 0; i < iterations; i++) {
            assertThat(status).contains("\"a-" + i + "\"").contains("\"b-" + i + "\"");
        }
        for (GitRepo repo : List.of(a, b, remote)) {
            repo.assertFsckClean();
        }
        System.out.printf("crash safety: %d syncs killed with SIGKILL (%d while still running), 0 invalid states, "
                + "%d agents kept%n", kills, killedWhileRunning, 2 * iterations);
    }

    /**
     * Syncs, again while a lock a killed writer left is not yet old enough to be called abandoned.
     * Nothing else runs now, so a lock half a second old is one left by a killed writer: the age is
     * set that low so the test does not wait out the default 3 s for each lock.
     */
    private static GitRepo.Result syncOnceLocksAreAbandoned(GitRepo clone) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            GitRepo.Result r = new Launcher(clone.dir()).env("GHP_REF_LOCK_AGE", "500ms").run("agent-sync", "--quiet");
            if (r.exit() == 0 || System.nanoTime() > deadline) {
                return r;
            }
            Thread.sleep(100);
        }
    }

    private static void ok(GitRepo.Result r) {
        assertThat(r.exit()).as("exit; stderr: %s", r.err()).isZero();
    }
}

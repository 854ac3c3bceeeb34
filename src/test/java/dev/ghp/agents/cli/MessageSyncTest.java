package dev.ghp.agents.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.testing.CliRunner;
import dev.ghp.agents.testing.GitRemotes;
import dev.ghp.agents.testing.GitRepo;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Messages between two clones of one remote, through agent-sync. */
class MessageSyncTest {
    @TempDir
    Path tmp;
    GitRepo remote;
    GitRepo a;
    GitRepo b;
    CliRunner ghpA;
    CliRunner ghpB;

    @BeforeEach
    void twoClonesThatKnowWorker1() {
        remote = GitRemotes.bare(tmp, "remote.git");
        a = GitRemotes.cloneOf(remote, tmp, "a");
        b = GitRemotes.cloneOf(remote, tmp, "b");
        ghpA = new CliRunner(a.dir());
        ghpB = new CliRunner(b.dir());
        ok(ghpA.run("agent-heartbeat", "--agent", "worker-1", "--issue", "147"));
        ok(ghpA.run("agent-sync"));
        ok(ghpB.run("agent-sync"));
    }

    private static CliRunner.Result ok(CliRunner.Result r) {
        assertThat(r.exit()).as("exit code; stderr: %s", r.err()).isZero();
        return r;
    }

    private static String files(GitRepo repo, String dir) {
        return repo.git("ls-tree", "-r", "--name-only", "refs/ghp/coordination", dir);
    }

    @Test
    void messagesSentInBothClonesAllArrive() {
        ok(ghpA.run("agent-message", "--by", "alice", "--to", "worker-1", "from a"));
        ok(ghpB.run("agent-message", "--by", "bob", "--to", "worker-1", "from b"));

        ok(ghpA.run("agent-sync"));
        ok(ghpB.run("agent-sync"));
        ok(ghpA.run("agent-sync"));

        assertThat(files(a, ".ghp/inbox/worker-1").lines()).hasSize(2);
        assertThat(files(b, ".ghp/inbox/worker-1")).isEqualTo(files(a, ".ghp/inbox/worker-1"));
        String inbox = ok(ghpB.run("agent-inbox", "--agent", "worker-1")).out();
        assertThat(inbox).contains("from a").contains("from b");
        remote.assertFsckClean();
    }

    @Test
    void aMessageReadInOneCloneIsReadInTheOtherAfterSync() {
        ok(ghpA.run("agent-message", "--by", "alice", "--to", "worker-1", "hello"));
        ok(ghpA.run("agent-sync"));
        ok(ghpB.run("agent-sync"));
        ok(ghpB.run("agent-inbox", "--agent", "worker-1"));
        ok(ghpA.run("agent-heartbeat", "--agent", "worker-1", "--action", "meanwhile on a"));

        ok(ghpB.run("agent-sync"));
        ok(ghpA.run("agent-sync"));

        assertThat(files(a, ".ghp/inbox")).isEmpty();
        assertThat(files(a, ".ghp/read/worker-1").lines()).hasSize(1);
        assertThat(ok(ghpA.run("agent-inbox", "--agent", "worker-1")).out()).isEqualTo("No unread messages for worker-1.\n");
    }
}

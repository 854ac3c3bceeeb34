package dev.ghp.agents.cli;

import static dev.ghp.agents.testing.GitRemotes.tip;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.testing.CliRunner;
import dev.ghp.agents.testing.GitRemotes;
import dev.ghp.agents.testing.GitRepo;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A hook run's heartbeat is followed by the automatic sync as agent-heartbeat's is: before the agent is briefed. */
class HookRunSyncTest {
    private static final String REF = "refs/ghp/coordination";

    @TempDir
    Path tmp;
    GitRepo remote;
    GitRepo a;
    GitRepo b;

    @BeforeEach
    void twoClonesOfOneRemote() {
        remote = GitRemotes.bare(tmp, "remote.git");
        a = GitRemotes.cloneOf(remote, tmp, "a");
        b = GitRemotes.cloneOf(remote, tmp, "b");
        a.git("checkout", "-q", "-b", "alice/147-parser");
    }

    @Test
    void aSessionStartSyncsAfterItsHeartbeatAndBriefsTheAgentWithWhatTheSyncBrought() {
        CliRunner ghpB = new CliRunner(b.dir());
        assertThat(ghpB.run("agent-heartbeat", "--agent", "bob", "--issue", "147", "--status", "implementing").exit()).isZero();
        assertThat(ghpB.run("agent-sync").exit()).isZero();

        CliRunner.Result r = new CliRunner(tmp).env("GHP_AUTO_SYNC", "1m")
                .stdin(HookRunCommandTest.event("SessionStart", a.dir())).run("agent-hooks", "run", "session-start");

        assertThat(r.exit()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(tip(remote, REF)).as("the hook's heartbeat went to the remote").isEqualTo(tip(a, REF));
        assertThat(r.out()).contains("You are agent \"a\"").contains("Also on issue #147: bob (implementing, seen 0s ago).");
    }
}

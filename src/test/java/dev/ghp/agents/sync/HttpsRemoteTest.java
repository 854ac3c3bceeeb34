package dev.ghp.agents.sync;

import static dev.ghp.agents.testing.GitRemotes.tip;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.testing.CliRunner;
import dev.ghp.agents.testing.GitHttpServer;
import dev.ghp.agents.testing.GitRemotes;
import dev.ghp.agents.testing.GitRepo;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An HTTP remote that wants a token, as GitHub does: served by the real {@code git http-backend}.
 * The host is made a "GitHub host" the way GitHub Enterprise is, through {@code GHP_GITHUB_API_URL}.
 */
class HttpsRemoteTest {
    private static final String TOKEN = "ghs_testtoken0123456789";
    private static final String REF = "refs/ghp/coordination";

    @TempDir
    Path tmp;
    GitHttpServer server;
    GitRepo remote;
    GitRepo a;
    GitRepo b;

    @BeforeEach
    void remoteOverHttp() throws Exception {
        remote = GitRemotes.bare(tmp, "team.git");
        server = GitHttpServer.start(tmp, "x-access-token", TOKEN);
        a = GitRepo.init(tmp, "a");
        b = GitRepo.init(tmp, "b");
        a.git("remote", "add", "origin", server.url("team.git"));
        b.git("remote", "add", "origin", server.url("team.git"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private CliRunner ghp(GitRepo clone, boolean withToken) {
        CliRunner runner = new CliRunner(clone.dir());
        if (withToken) {
            runner.env("GH_TOKEN", TOKEN).env("GHP_GITHUB_API_URL", server.url("api/v3"));
        }
        return runner;
    }

    @Test
    void theTokenFromTheEnvironmentAuthenticatesAndIsNeverPrinted() {
        CliRunner ghpA = ghp(a, true);
        CliRunner ghpB = ghp(b, true);
        assertThat(ghpA.run("agent-heartbeat", "--agent", "worker-1").exit()).isZero();
        assertThat(ghpB.run("agent-heartbeat", "--agent", "worker-2").exit()).isZero();

        CliRunner.Result first = ghpA.run("agent-sync", "--verbose");
        CliRunner.Result second = ghpB.run("agent-sync", "--verbose");
        CliRunner.Result third = ghpA.run("agent-sync", "--verbose");

        for (CliRunner.Result r : new CliRunner.Result[]{first, second, third}) {
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out() + r.err()).doesNotContain(TOKEN);
        }
        assertThat(second.out()).startsWith("✓ merged with 'origin'");
        assertThat(tip(a, REF)).isEqualTo(tip(b, REF)).isEqualTo(tip(remote, REF));
        assertThat(server.usersSeen()).isNotEmpty().containsOnly("x-access-token");
        remote.assertFsckClean();
    }

    @Test
    void withoutATokenTheSyncFailsWithAHintAndTheLocalRecordStands() {
        CliRunner ghpA = ghp(a, false);
        assertThat(ghpA.run("agent-heartbeat", "--agent", "worker-1").exit()).isZero();

        CliRunner.Result r = ghpA.run("agent-sync");

        assertThat(r.exit()).isEqualTo(5);
        assertThat(r.err()).contains("cannot fetch from remote 'origin'").contains("hint: for GitHub over https set GITHUB_TOKEN or GH_TOKEN");
        assertThat(a.showCoordination(".ghp/agent-status.json")).contains("worker-1");
    }

    @Test
    void theTokenIsNotOfferedToAHostThatIsNotGitHub() {
        CliRunner ghpA = new CliRunner(a.dir()).env("GITHUB_TOKEN", TOKEN);
        assertThat(ghpA.run("agent-heartbeat", "--agent", "worker-1").exit()).isZero();

        CliRunner.Result r = ghpA.run("agent-sync");

        assertThat(r.exit()).isEqualTo(5);
        assertThat(server.usersSeen()).isEmpty();
        assertThat(r.err()).doesNotContain(TOKEN);
    }
}

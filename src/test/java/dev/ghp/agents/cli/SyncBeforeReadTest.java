package dev.ghp.agents.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.testing.CliRunner;
import dev.ghp.agents.testing.GitRemotes;
import dev.ghp.agents.testing.GitRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With autoSync on, reads are as fresh as writes: agent-status, agent-inbox and hook runs sync
 * before they read when the last sync is older than the interval; agent-status says when and from
 * where the record was last synced. Two clones of one bare remote: b writes and syncs, a only reads.
 */
class SyncBeforeReadTest {
    static final String REF = "refs/ghp/coordination";

    @TempDir
    Path tmp;
    GitRepo remote;
    GitRepo a;
    GitRepo b;
    CliRunner ghpA;
    CliRunner ghpB;

    @BeforeEach
    void twoClones() {
        remote = GitRemotes.bare(tmp, "remote.git");
        a = GitRemotes.cloneOf(remote, tmp, "a");
        b = GitRemotes.cloneOf(remote, tmp, "b");
        ghpA = new CliRunner(a.dir()).env("GHP_AUTO_SYNC", "2m");
        ghpB = new CliRunner(b.dir());
    }

    private static CliRunner.Result ok(CliRunner.Result r) {
        assertThat(r.exit()).as("exit code; stderr: %s", r.err()).isZero();
        return r;
    }

    private void fromB(String agent, String action) {
        ok(ghpB.run("agent-heartbeat", "--agent", agent, "--action", action));
        ok(ghpB.run("agent-sync"));
    }

    @Test
    void agentStatusShowsWhatAnotherCloneSentWithoutAWriteHere() {
        fromB("worker-b", "sent from b");

        CliRunner.Result r = ok(ghpA.run("agent-status"));

        assertThat(r.out()).contains("worker-b").contains("sent from b");
        assertThat(r.err()).isEmpty();
        assertThat(GitRemotes.tip(a, REF)).isEqualTo(GitRemotes.tip(remote, REF));
    }

    @Test
    void aReadWithinTheIntervalReadsTheLocalRecordAndOneAfterItSyncsAgain() {
        ghpA.env("GHP_REMOTE_CHECK", "off");
        fromB("worker-b", "first");
        ok(ghpA.run("agent-status"));
        fromB("worker-b", "second");

        ghpA.clock().advance(Duration.ofMinutes(1));
        String within = ok(ghpA.run("agent-status")).out();
        ghpA.clock().advance(Duration.ofMinutes(2));
        String after = ok(ghpA.run("agent-status")).out();

        assertThat(within).contains("first").doesNotContain("second");
        assertThat(after).contains("second");
    }

    @Test
    void aReadWithinTheIntervalTakesInWhatMovedOnTheRemoteOnceTheRemoteCheckIsDue() {
        fromB("worker-b", "first");
        ok(ghpA.run("agent-status"));
        fromB("worker-b", "second");

        ghpA.clock().advance(Duration.ofSeconds(4));
        String after = ok(ghpA.run("agent-status")).out();

        assertThat(after).contains("second");
        assertThat(GitRemotes.tip(a, REF)).isEqualTo(GitRemotes.tip(remote, REF));
    }

    @Test
    void theRemoteCheckLooksAtMostOnceAnIntervalAndSyncsOnlyWhenTheRemoteMoved() throws Exception {
        ok(ghpA.run("agent-heartbeat", "--agent", "worker-a", "--action", "from a"));
        ok(ghpA.run("agent-sync"));
        long fetchesBefore = count(a, "fetches");

        ghpA.clock().advance(Duration.ofSeconds(4));
        ok(ghpA.run("agent-status"));
        ok(ghpA.run("agent-status"));

        assertThat(count(a, "checks")).isEqualTo(1);
        assertThat(count(a, "fetches")).as("an unchanged remote is not fetched").isEqualTo(fetchesBefore);
    }

    /** A count of this clone's traffic with origin in .git/ghp-sync.json. */
    private static long count(GitRepo clone, String field) throws Exception {
        JsonNode root = Json.parse(Files.readAllBytes(clone.dir().resolve(".git/ghp-sync.json")));
        return root.path("remotes").path("origin").path(field).asLong();
    }

    @Test
    void withoutAutoSyncAReadNeverTouchesTheRemote() {
        fromB("worker-b", "sent from b");
        a.git("remote", "set-url", "origin", tmp.resolve("gone.git").toString());

        CliRunner.Result r = ok(ghpA.env("GHP_AUTO_SYNC", null).run("agent-status"));

        assertThat(r.err()).isEmpty();
        assertThat(r.out()).doesNotContain("worker-b");
        assertThat(a.dir().resolve(".git/ghp-sync.json")).doesNotExist();
    }

    @Test
    void aFailedSyncBeforeAReadIsOneWarningAndTheLocalRecordIsShown() {
        ok(ghpA.env("GHP_AUTO_SYNC", null).run("agent-heartbeat", "--agent", "worker-a", "--action", "local"));
        a.git("remote", "set-url", "origin", tmp.resolve("gone.git").toString());

        CliRunner.Result r = ok(ghpA.env("GHP_AUTO_SYNC", "2m").run("agent-status"));

        assertThat(r.out()).contains("worker-a").contains("local");
        assertThat(r.err()).startsWith("ghp: warning: automatic sync with 'origin' failed: cannot fetch from remote 'origin'")
                .contains("hint: showing the local record");
        assertThat(r.err().lines().filter(l -> l.startsWith("ghp: ")).count()).isEqualTo(1);
    }

    @Test
    void agentInboxBringsMessagesSentOnAnotherCloneAndSendsTheReadMarkAtOnce() {
        fromB("worker-1", "here");
        ok(ghpB.run("agent-message", "--by", "alice", "--to", "worker-1", "sent to worker-1 on b"));
        ok(ghpB.run("agent-sync"));

        CliRunner.Result r = ok(ghpA.run("agent-inbox", "--agent", "worker-1"));

        assertThat(r.out()).contains("sent to worker-1 on b").contains("1 unread message, now marked read.");
        assertThat(GitRemotes.tip(remote, REF)).as("the read mark went out in the same run").isEqualTo(GitRemotes.tip(a, REF));
        assertThat(remote.git("ls-tree", "-r", "--name-only", REF, ".ghp/read/worker-1").lines()).hasSize(1);
    }

    @Test
    void aHookRunSyncsBeforeItReadsAndStaysSilentWhenTheSyncFails() throws Exception {
        fromB("worker-b", "sent from b");
        CliRunner hook = new CliRunner(tmp).env("GHP_AUTO_SYNC", "2m");
        ok(hook.stdin(HookRunCommandTest.event("PostToolUse", a.dir())).run("agent-hooks", "run", "post-tool-use"));
        assertThat(a.showCoordination(".ghp/agent-status.json")).as("fetched before the read").contains("worker-b");

        a.git("remote", "set-url", "origin", tmp.resolve("gone.git").toString());
        hook.clock().advance(Duration.ofMinutes(3));
        CliRunner.Result failed = hook.stdin(HookRunCommandTest.event("Stop", a.dir())).run("agent-hooks", "run", "stop");

        assertThat(failed.exit()).isZero();
        assertThat(failed.out()).isEmpty();
        assertThat(failed.err()).isEmpty();
        assertThat(Files.readString(a.dir().resolve(".git/ghp-sync.json"))).as("the failure is kept for agent-status")
                .contains("cannot fetch from remote 'origin'");
    }

    @Test
    void agentStatusSaysWhenAndFromWhereTheRecordWasLastSynced() throws Exception {
        fromB("worker-b", "sent from b");
        ok(ghpA.env("GHP_AUTO_SYNC", null).run("agent-sync"));
        ghpA.clock().advance(Duration.ofMinutes(3));

        String text = ok(ghpA.run("agent-status")).out();
        JsonNode sync = Json.parseObject(ok(ghpA.run("agent-status", "--json")).out()).path("sync");

        assertThat(text).endsWith("Record last synced with 'origin' (" + remote.dir() + ") 3m ago (2025-01-25T10:30:00Z).\n");
        assertThat(sync.path("remote").asText()).isEqualTo("origin");
        assertThat(sync.path("url").asText()).isEqualTo(remote.dir().toString());
        assertThat(sync.path("lastSyncedAt").asText()).isEqualTo("2025-01-25T10:30:00Z");
        assertThat(sync.path("lastAttemptAt").asText()).isEqualTo("2025-01-25T10:30:00Z");
        assertThat(sync.path("lastError").isNull()).isTrue();
    }

    @Test
    void agentStatusSaysWhenTheRecordWasNeverSyncedAndWhyTheLastTryFailed() throws Exception {
        ok(ghpA.env("GHP_AUTO_SYNC", null).run("agent-heartbeat", "--agent", "worker-a"));
        String never = ok(ghpA.run("agent-status")).out();
        a.git("remote", "set-url", "origin", tmp.resolve("gone.git").toString());
        ghpA.clock().advance(Duration.ofMinutes(1));
        ghpA.run("agent-sync");

        String failed = ok(ghpA.run("agent-status")).out();
        JsonNode sync = Json.parseObject(ok(ghpA.run("agent-status", "--json")).out()).path("sync");

        assertThat(never).endsWith("Never synced with 'origin': this is the local record (ghp agent-sync, or agents.autoSync).\n");
        assertThat(failed).contains("Never synced with 'origin' (" + tmp.resolve("gone.git") + "): this is the local record;"
                + " the last try, 0s ago, failed: cannot fetch from remote 'origin'");
        assertThat(sync.path("lastSyncedAt").isNull()).isTrue();
        assertThat(sync.path("lastError").asText()).startsWith("cannot fetch from remote 'origin'");
    }
}

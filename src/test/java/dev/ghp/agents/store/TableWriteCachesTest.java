package dev.ghp.agents.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.git.RepoContext;
import dev.ghp.agents.git.RepoLocator;
import dev.ghp.agents.model.AgentRecord;
import dev.ghp.agents.model.StatusCodec;
import dev.ghp.agents.model.StatusDocument;
import dev.ghp.agents.model.StorePaths;
import dev.ghp.agents.testing.CliRunner;
import dev.ghp.agents.testing.GitRemotes;
import dev.ghp.agents.testing.GitRepo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The caches a write goes through (the decoded tables by blob, the encoded rows of
 * IncrementalStatusEncoder) are invisible: a table another process or a sync changed is written
 * on from what it now holds, and the bytes are always those the full encoder makes of it.
 */
class TableWriteCachesTest {
    private static final Instant T = Instant.parse("2025-01-25T10:30:00Z");

    @TempDir
    Path tmp;

    private final List<Repository> opened = new ArrayList<>();

    @AfterEach
    void close() {
        opened.forEach(Repository::close);
    }

    @Test
    void aTableAnotherProcessChangedIsWrittenOnFromItsNewContent() throws Exception {
        GitRepo repo = GitRepo.init(tmp, "repo");
        GitRefStore store = storeAt(repo.dir());
        for (int i = 0; i < 20; i++) {
            beat(store, "worker-" + i, agent(i + 1, "implementing", "step " + i));
        }
        StatusDocument byGit = table(repo).withAgent("worker-3", agent(4, "testing", "changed by git"))
                .withAgent("by-git", agent(99, "planning", "new"));
        repo.commitToCoordination(StorePaths.STATUS, new String(StatusCodec.write(byGit), StandardCharsets.UTF_8), "by git");

        beat(store, "worker-5", agent(6, "reviewing", "after git"));

        StatusDocument now = table(repo);
        assertThat(now.agents().get("worker-3").lastAction()).isEqualTo("changed by git");
        assertThat(now.agents().get("by-git").issue()).isEqualTo(99);
        assertThat(now.agents().get("worker-5").lastAction()).isEqualTo("after git");
        assertThat(now.agents()).hasSize(21);
        assertWrittenWhole(repo);
    }

    @Test
    void aTableASyncBroughtInIsWrittenOnFromItsNewContent() throws Exception {
        GitRepo remote = GitRemotes.bare(tmp, "remote.git");
        GitRepo a = GitRemotes.cloneOf(remote, tmp, "a");
        GitRepo b = GitRemotes.cloneOf(remote, tmp, "b");
        // Both clones in this one JVM, as the daemon serves them: the same names, other values.
        CliRunner ghpA = cli(a);
        CliRunner ghpB = cli(b);
        for (int i = 0; i < 10; i++) {
            assertThat(ghpA.run("agent-heartbeat", "--agent", "worker-" + i, "--action", "on a " + i, "--quiet").exit()).isZero();
        }
        assertThat(ghpA.run("agent-sync").exit()).isZero();
        assertThat(ghpB.run("agent-sync").exit()).isZero();
        assertThat(ghpB.run("agent-heartbeat", "--agent", "worker-3", "--action", "on b", "--quiet").exit()).isZero();
        assertThat(ghpB.run("agent-sync").exit()).isZero();

        CliRunner.Result sync = ghpA.run("agent-sync");
        assertThat(ghpA.run("agent-heartbeat", "--agent", "worker-5", "--action", "on a, after the sync", "--quiet").exit()).isZero();

        assertThat(sync.exit()).as(sync.err()).isZero();
        StatusDocument now = table(a);
        assertThat(now.agents().get("worker-3").lastAction()).isEqualTo("on b");
        assertThat(now.agents().get("worker-5").lastAction()).isEqualTo("on a, after the sync");
        assertThat(now.agents()).hasSize(10);
        assertWrittenWhole(a);
    }

    private static CliRunner cli(GitRepo clone) {
        CliRunner ghp = new CliRunner(clone.dir());
        GitRepo.GIT_ENV.forEach(ghp::env);
        ghp.env("PATH", System.getenv("PATH"));
        return ghp;
    }

    private static void assertWrittenWhole(GitRepo repo) throws Exception {
        byte[] stored = repo.showCoordination(StorePaths.STATUS).getBytes(StandardCharsets.UTF_8);
        assertThat(new String(StatusCodec.write(StatusCodec.parse(stored)), StandardCharsets.UTF_8))
                .as("the bytes the full encoder writes for the table").isEqualTo(new String(stored, StandardCharsets.UTF_8));
    }

    private static StatusDocument table(GitRepo repo) throws Exception {
        return StatusCodec.parse(repo.showCoordination(StorePaths.STATUS).getBytes(StandardCharsets.UTF_8));
    }

    private GitRefStore storeAt(Path dir) {
        RepoContext rc = RepoLocator.open(dir);
        opened.add(rc.repository());
        return new GitRefStore(rc.repository(), Clock.fixed(T, ZoneOffset.UTC));
    }

    private static void beat(GitRefStore store, String name, AgentRecord r) {
        store.update(s -> Change.of("heartbeat " + name, name).putStatus(s.status().withAgent(name, r)));
    }

    private static AgentRecord agent(int issue, String status, String action) {
        return AgentRecord.builder().issue(issue).status(status).lastAction(action).timestamp(T).build();
    }
}

package dev.ghp.agents.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.testing.CliRunner;
import dev.ghp.agents.testing.GitRepo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CoordinationHistoryTest {
    @TempDir
    Path tmp;

    @Test
    void readsEachCommitsTableOldestFirstFromTheLastOneBeforeTheWindow() throws IOException {
        GitRepo repo = GitRepo.init(tmp, "repo");
        CliRunner ghp = new CliRunner(repo.dir());
        for (int m = 0; m < 5; m++) {
            ghp.clock().set(Instant.parse("2025-01-25T08:00:00Z").plus(Duration.ofMinutes(10L * m)));
            assertThat(ghp.run("agent-heartbeat", "--agent", "w" + m, "--issue", Integer.toString(10 + m)).exit()).isZero();
        }

        CoordinationHistory.Result r = read(repo, Instant.parse("2025-01-25T08:25:00Z"));

        assertThat(r.states()).extracting(CoordinationHistory.State::committed).containsExactly(
                Instant.parse("2025-01-25T08:20:00Z"), Instant.parse("2025-01-25T08:30:00Z"), Instant.parse("2025-01-25T08:40:00Z"));
        assertThat(r.states().get(2).status().agents()).containsOnlyKeys("w0", "w1", "w2", "w3", "w4");
        assertThat(r.states().get(2).parentAgents()).containsExactly("w0", "w1", "w2", "w3");
        assertThat(r.unreadable()).isZero();
    }

    @Test
    void aMergeCommitKnowsTheAgentsOfBothParentsAndAnUnreadableTableIsCountedNotFatal() throws IOException {
        GitRepo repo = GitRepo.init(tmp, "repo");
        CliRunner ghp = new CliRunner(repo.dir());
        assertThat(ghp.run("agent-heartbeat", "--agent", "here", "--issue", "1").exit()).isZero();
        String base = repo.git("rev-parse", "refs/ghp/coordination").trim();
        ghp.clock().advance(Duration.ofMinutes(1));
        assertThat(ghp.run("agent-heartbeat", "--agent", "here", "--status", "testing").exit()).isZero();
        String mine = repo.git("rev-parse", "refs/ghp/coordination").trim();
        // Another machine's commit on the same base, then a merge of both, made with plain git.
        String theirs = commit(repo, base, "{\"agents\": {\"there\": {\"issue\": 2, \"status\": \"planning\"}}}", List.of(base), "2025-01-25T10:32:00Z");
        String broken = commit(repo, theirs, "{ not json", List.of(theirs), "2025-01-25T10:33:00Z");
        String merge = commit(repo, mine, "{\"agents\": {\"here\": {\"issue\": 1, \"status\": \"testing\"}}}",
                List.of(mine, broken), "2025-01-25T10:34:00Z");
        repo.git("update-ref", "refs/ghp/coordination", merge);

        CoordinationHistory.Result r = read(repo, Instant.parse("2025-01-25T00:00:00Z"));

        CoordinationHistory.State last = r.states().get(r.states().size() - 1);
        assertThat(last.status().agents()).containsOnlyKeys("here");
        assertThat(last.parentAgents()).as("the broken parent adds nothing").containsExactly("here");
        assertThat(r.states()).hasSize(4);
        assertThat(r.unreadable()).isEqualTo(1);
    }

    static CoordinationHistory.Result read(GitRepo repo, Instant from) throws IOException {
        try (Repository r = new FileRepositoryBuilder().setGitDir(repo.dir().resolve(".git").toFile()).build()) {
            return new CoordinationHistory(r).since(from);
        }
    }

    /** A commit whose tree holds only the agent table {@code json}, made by git at {@code when}. */
    static String commit(GitRepo repo, String treeOf, String json, List<String> parents, String when) throws IOException {
        Path file = repo.dir().resolve("../table.json");
        Files.writeString(file, json);
        String blob = repo.git("hash-object", "-w", file.toString()).trim();
        Map<String, String> env = new HashMap<>(GitRepo.GIT_ENV);
        env.put("GIT_INDEX_FILE", repo.dir().resolve("../index.tmp").toString());
        env.put("GIT_COMMITTER_DATE", when);
        env.put("GIT_AUTHOR_DATE", when);
        run(repo, env, "git", "read-tree", treeOf);
        run(repo, env, "git", "update-index", "--add", "--cacheinfo", "100644," + blob + ",.ghp/agent-status.json");
        String tree = run(repo, env, "git", "write-tree").trim();
        List<String> cmd = new java.util.ArrayList<>(List.of("git", "commit-tree", tree, "-m", "test"));
        parents.forEach(p -> cmd.addAll(List.of("-p", p)));
        return run(repo, env, cmd.toArray(String[]::new)).trim();
    }

    static String run(GitRepo repo, Map<String, String> env, String... cmd) {
        GitRepo.Result r = GitRepo.Processes.run(repo.dir(), env, null, List.of(cmd));
        assertThat(r.exit()).as("%s: %s", String.join(" ", cmd), r.err()).isZero();
        return r.out();
    }
}

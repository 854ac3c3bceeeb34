package dev.ghp.agents.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ghp.agents.errors.ExitCode;
import dev.ghp.agents.errors.StateException;
import dev.ghp.agents.git.RepoContext;
import dev.ghp.agents.git.RepoLocator;
import dev.ghp.agents.model.AgentRecord;
import dev.ghp.agents.model.StatusCodec;
import dev.ghp.agents.model.StatusDocument;
import dev.ghp.agents.model.StorePaths;
import dev.ghp.agents.testing.GitRepo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only the git implementation has to get right: races, killed writers, worktrees, and leaving git alone. */
class GitRefStoreTest {
    private static final Instant T = Instant.parse("2025-01-25T10:30:00Z");
    private static final Clock CLOCK = Clock.fixed(T, ZoneOffset.UTC);

    @TempDir
    Path tmp;

    private GitRepo repo;
    private final List<Repository> opened = new ArrayList<>();

    @BeforeEach
    void init() {
        repo = GitRepo.init(tmp, "repo");
    }

    @AfterEach
    void close() {
        opened.forEach(Repository::close);
    }

    private GitRefStore storeAt(Path dir) {
        RepoContext rc = RepoLocator.open(dir);
        opened.add(rc.repository());
        return new GitRefStore(rc.repository(), CLOCK);
    }

    private GitRefStore store() {
        return storeAt(repo.dir());
    }

    private static AgentRecord agent(int issue, String status) {
        return AgentRecord.builder().issue(issue).status(status).lastAction("").timestamp(T).build();
    }

    private static Mutation heartbeat(String name, AgentRecord r) {
        return s -> Change.of("heartbeat " + name + " #" + r.issue() + " " + r.status(), name)
                .putStatus(s.status().withAgent(name, r));
    }

    private static String withAgent(String json, String name, AgentRecord r) throws Exception {
        StatusDocument doc = json == null ? StatusDocument.empty() : StatusCodec.parse(json.getBytes(StandardCharsets.UTF_8));
        return new String(StatusCodec.write(doc.withAgent(name, r)), StandardCharsets.UTF_8);
    }

    private StatusDocument statusSeenByGit() throws Exception {
        return StatusCodec.parse(repo.showCoordination(StorePaths.STATUS).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aTableIsDecodedOncePerContentAndANewOneIsAlwaysReadAfresh() throws Exception {
        store().update(heartbeat("worker-0", agent(1, "testing")));
        GitRefStore store = store();

        StatusDocument first = store.read().status();
        StatusDocument again = storeAt(repo.dir()).read().status();
        repo.commitToCoordination(StorePaths.STATUS,
                withAgent(repo.showCoordination(StorePaths.STATUS), "by-git", agent(2, "planning")), "by git");
        StatusDocument changed = store.read().status();

        assertThat(again).as("same blob, same decoded table").isSameAs(first);
        assertThat(changed.agents()).containsOnlyKeys("worker-0", "by-git");
        assertThat(first.agents()).containsOnlyKeys("worker-0");
        repo.commitToCoordination(StorePaths.STATUS, "{ not json", "corrupt");
        assertThatThrownBy(() -> store.read().status()).isInstanceOf(StateException.class).hasMessageContaining("corrupt");
    }

    @Test
    void aRacingWriterBetweenReadAndSwapIsKeptAndTheMutationIsReappliedToFreshState() throws Exception {
        store().update(heartbeat("worker-0", agent(1, "testing")));
        GitRefStore store = store();
        AtomicBoolean raced = new AtomicBoolean();
        store.afterRead(() -> {
            if (raced.compareAndSet(false, true)) {
                try {
                    repo.commitToCoordination(StorePaths.STATUS,
                            withAgent(repo.showCoordination(StorePaths.STATUS), "racer", agent(2, "planning")), "racer");
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }
        });
        List<Set<String>> seen = new ArrayList<>();

        WriteResult r = store.update(s -> {
            seen.add(s.status().agents().keySet());
            return heartbeat("worker-1", agent(147, "implementing")).apply(s);
        });

        assertThat(r.committed()).isTrue();
        assertThat(r.attempts()).isEqualTo(2);
        assertThat(seen).containsExactly(Set.of("worker-0"), Set.of("worker-0", "racer"));
        assertThat(statusSeenByGit().agents()).containsOnlyKeys("worker-0", "racer", "worker-1");
        assertThat(repo.git("log", "--format=%s", "refs/ghp/coordination").lines().toList())
                .containsExactly("heartbeat worker-1 #147 implementing", "racer", "heartbeat worker-0 #1 testing");
        repo.assertFsckClean();
    }

    @Test
    void aDecisionRetriedAfterALostRaceReturnsTheResultOfTheRunThatCommitted() throws Exception {
        store().update(heartbeat("worker-0", agent(1, "testing")));
        GitRefStore store = store();
        AtomicBoolean raced = new AtomicBoolean();
        store.afterRead(() -> {
            if (raced.compareAndSet(false, true)) {
                try {
                    repo.commitToCoordination(StorePaths.STATUS,
                            withAgent(repo.showCoordination(StorePaths.STATUS), "racer", agent(2, "planning")), "racer");
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }
        });

        Decided<Set<String>> d = store.decide(s -> Decision.write(
                heartbeat("worker-1", agent(147, "implementing")).apply(s), s.status().agents().keySet()));

        assertThat(d.write().committed()).isTrue();
        assertThat(d.write().attempts()).isEqualTo(2);
        assertThat(d.result()).as("what the committing run saw, not the first run").isEqualTo(Set.of("worker-0", "racer"));
        assertThat(statusSeenByGit().agents()).containsOnlyKeys("worker-0", "racer", "worker-1");
        repo.assertFsckClean();
    }

    @Test
    void anAbandonedRefLockOlderThanThreeSecondsIsRemovedAndTheWriteSucceeds() throws Exception {
        store().update(heartbeat("worker-0", agent(1, "testing")));
        Path lock = repo.coordinationRefLock();
        Files.writeString(lock, "0123456789012345678901234567890123456789\n");
        Files.setLastModifiedTime(lock, FileTime.from(Instant.now().minusSeconds(10)));

        WriteResult r = store().update(heartbeat("worker-1", agent(147, "implementing")));

        assertThat(r.committed()).isTrue();
        assertThat(lock).doesNotExist();
        assertThat(repo.coordinationTip()).isEqualTo(r.commitId());
        assertThat(statusSeenByGit().agents()).containsOnlyKeys("worker-0", "worker-1");
        repo.assertFsckClean();
    }

    @Test
    void aFreshRefLockIsLeftAloneAndTheWriteGivesUpSayingWhy() throws Exception {
        store().update(heartbeat("worker-0", agent(1, "testing")));
        String tip = repo.coordinationTip();
        Path lock = repo.coordinationRefLock();
        Files.writeString(lock, "held by a live git process\n");
        RepoContext rc = RepoLocator.open(repo.dir());
        opened.add(rc.repository());
        GitRefStore impatient = new GitRefStore(rc.repository(), CLOCK, Duration.ofSeconds(5), Duration.ofMillis(500));

        assertThatThrownBy(() -> impatient.update(heartbeat("worker-1", agent(147, "implementing"))))
                .isInstanceOf(StateException.class)
                .satisfies(e -> assertThat(((StateException) e).exitCode()).isEqualTo(ExitCode.STATE))
                .hasMessageContaining("refs/ghp/coordination.lock");

        assertThat(lock).exists().hasContent("held by a live git process");
        assertThat(repo.coordinationTip()).isEqualTo(tip);
    }

    @Test
    void corruptJsonOnTheRefIsRefusedAndTheRefIsLeftExactlyAsItWas() {
        String planted = repo.commitToCoordination(StorePaths.STATUS, "{\"agents\": {\"worker-0\": ", "corrupt");

        assertThatThrownBy(() -> store().update(heartbeat("worker-1", agent(147, "implementing"))))
                .isInstanceOf(StateException.class)
                .satisfies(e -> {
                    assertThat(((StateException) e).exitCode()).isEqualTo(ExitCode.STATE);
                    assertThat(((StateException) e).hint()).contains("git show refs/ghp/coordination:.ghp/agent-status.json");
                });

        assertThat(repo.coordinationTip()).isEqualTo(planted);
        assertThat(repo.showCoordination(StorePaths.STATUS)).isEqualTo("{\"agents\": {\"worker-0\": ");
        assertThat(repo.coordinationRefLock()).doesNotExist();
    }

    @Test
    void aNewerSchemaOnTheRefIsRefusedAndTheRefIsLeftExactlyAsItWas() {
        String newer = "{\"schemaVersion\": 3, \"agents\": {}, \"shards\": [\"a\"]}";
        String planted = repo.commitToCoordination(StorePaths.STATUS, newer, "from the future");

        assertThatThrownBy(() -> store().update(heartbeat("worker-1", agent(147, "implementing"))))
                .isInstanceOf(StateException.class)
                .hasMessageContaining("schemaVersion 3")
                .satisfies(e -> assertThat(((StateException) e).exitCode()).isEqualTo(ExitCode.STATE));

        assertThat(repo.coordinationTip()).isEqualTo(planted);
        assertThat(repo.showCoordination(StorePaths.STATUS)).isEqualTo(newer);
    }

    @Test
    void aWriteFromALinkedWorktreeIsSeenFromTheMainWorktree() throws Exception {
        repo.commitFile("README.md", "hi\n");
        GitRepo linked = repo.addWorktree("repo-147", "me/147-parser");

        storeAt(linked.dir()).update(heartbeat("worker-147", agent(147, "implementing")));

        assertThat(store().read().status().agents()).containsOnlyKeys("worker-147");
        assertThat(statusSeenByGit().agents()).containsOnlyKeys("worker-147");
        assertThat(linked.coordinationTip()).isEqualTo(repo.coordinationTip());
        assertThat(repo.commonDir().resolve("refs/ghp/coordination")).exists();
        assertThat(linked.run("status", "--porcelain").out()).isEmpty();
        repo.assertFsckClean();
    }

    @Test
    void writesFromTheMainAndALinkedWorktreeAddUp() throws Exception {
        repo.commitFile("README.md", "hi\n");
        GitRepo linked = repo.addWorktree("repo-150", "me/150-x");

        store().update(heartbeat("main-agent", agent(1, "testing")));
        storeAt(linked.dir()).update(heartbeat("linked-agent", agent(150, "planning")));
        store().update(heartbeat("main-agent", agent(1, "reviewing")));

        assertThat(statusSeenByGit().agents()).containsOnlyKeys("main-agent", "linked-agent");
        assertThat(repo.coordinationCommits()).isEqualTo(3);
    }

    @Test
    void aWriteFromASubdirectoryGoesToTheRepositorysRef() throws Exception {
        repo.commitFile("src/main/App.java", "class App {}\n");

        storeAt(repo.dir().resolve("src/main")).update(heartbeat("worker-1", agent(1, "testing")));

        assertThat(statusSeenByGit().agents()).containsOnlyKeys("worker-1");
        assertThat(repo.git("status", "--porcelain")).isEmpty();
    }

    @Test
    void itWorksInARepositoryWhoseBranchesHaveNoCommits() throws Exception {
        store().update(heartbeat("early-bird", agent(1, "starting")));

        assertThat(statusSeenByGit().agents()).containsOnlyKeys("early-bird");
        assertThat(repo.run("rev-parse", "-q", "--verify", "HEAD").exit()).isNotZero();
        assertThat(repo.git("for-each-ref", "refs/heads")).isEmpty();
        assertThat(repo.git("symbolic-ref", "HEAD").trim()).isEqualTo("refs/heads/main");
        repo.assertFsckClean();
    }

    @Test
    void itNeverTouchesHeadTheIndexTheWorkTreeOrAnyBranch() throws Exception {
        repo.commitFile("a.txt", "one\n");
        repo.git("branch", "feature");
        Files.writeString(repo.dir().resolve("a.txt"), "changed, not staged\n");
        Files.writeString(repo.dir().resolve("b.txt"), "staged\n");
        repo.git("add", "b.txt");
        Files.writeString(repo.dir().resolve("c.txt"), "untracked\n");
        Path index = repo.dir().resolve(".git/index");
        byte[] indexBefore = Files.readAllBytes(index);
        String headBefore = repo.git("rev-parse", "HEAD");
        String symbolicHead = repo.git("symbolic-ref", "HEAD");
        String branchesBefore = repo.git("for-each-ref", "refs/heads", "refs/tags");
        String statusBefore = repo.git("status", "--porcelain");
        String headLogBefore = repo.git("reflog", "show", "--format=%H", "HEAD");

        GitRefStore store = store();
        for (int i = 0; i < 5; i++) {
            store.update(heartbeat("worker-" + i, agent(i + 1, "implementing")));
        }

        assertThat(Files.readAllBytes(index)).isEqualTo(indexBefore);
        assertThat(repo.git("rev-parse", "HEAD")).isEqualTo(headBefore);
        assertThat(repo.git("symbolic-ref", "HEAD")).isEqualTo(symbolicHead);
        assertThat(repo.git("for-each-ref", "refs/heads", "refs/tags")).isEqualTo(branchesBefore);
        assertThat(repo.git("status", "--porcelain")).isEqualTo(statusBefore);
        assertThat(repo.git("reflog", "show", "--format=%H", "HEAD")).isEqualTo(headLogBefore);
        assertThat(Files.readString(repo.dir().resolve("a.txt"))).isEqualTo("changed, not staged\n");
        assertThat(repo.dir().resolve(".ghp")).doesNotExist();
        assertThat(repo.commonDir().resolve("logs/refs/ghp")).doesNotExist();
    }

    @Test
    void fsckStaysCleanAfterManyWritesOfEveryKind() throws Exception {
        GitRefStore store = store();
        for (int i = 0; i < 40; i++) {
            int n = i;
            store.update(heartbeat("worker-" + (i % 7), agent(100 + i, i % 2 == 0 ? "implementing" : "testing")));
            if (i % 5 == 0) {
                store.update(s -> Change.of("escalate " + n, "worker-1")
                        .put(".ghp/escalations/esc-" + String.format("%04x", n) + ".json", ("{\"n\": " + n + "}\n").getBytes()));
            }
            if (i % 10 == 9) {
                store.update(s -> Change.of("resolve", "worker-1").delete(".ghp/escalations/esc-0000.json")
                        .put(".ghp/handoffs/147-worker-1-" + n + ".md", "# notes\n".getBytes()));
            }
        }

        repo.assertFsckClean();
        assertThat(repo.coordinationCommits()).isEqualTo(40 + 8 + 1 + 3);
        assertThat(statusSeenByGit().agents()).hasSize(7);
        assertThat(repo.git("ls-tree", "-r", "--name-only", "refs/ghp/coordination").lines())
                .contains(".ghp/agent-status.json", ".ghp/escalations/esc-0005.json", ".ghp/handoffs/147-worker-1-39.md")
                .doesNotContain(".ghp/escalations/esc-0000.json");
    }

    @Test
    void theCommitIsAttributedToTheClaimedAgentCommittedByTheToolAndSaysWhatHappened() {
        store().update(heartbeat("worker-1", agent(147, "implementing")));

        assertThat(repo.git("log", "-1", "--format=%an <%ae>|%cn <%ce>|%s|%aI", "refs/ghp/coordination").trim())
                .isEqualTo("worker-1 <claimed-name@ghp-agents.invalid>|ghp-agents <ghp-agents@ghp-agents.invalid>"
                        + "|heartbeat worker-1 #147 implementing|2025-01-25T10:30:00+00:00");
        assertThat(repo.git("cat-file", "-p", "refs/ghp/coordination").lines().filter(l -> l.startsWith("parent")))
                .isEmpty();
    }

    @Test
    void eachCommitHasTheTipItReadAsParent() {
        GitRefStore store = store();
        String first = store.update(heartbeat("a", agent(1, "testing"))).commitId();

        String second = store.update(heartbeat("b", agent(2, "testing"))).commitId();

        assertThat(repo.git("rev-parse", second + "^").trim()).isEqualTo(first);
    }

    @Test
    void aPackedRefIsReadAndUpdated() throws Exception {
        store().update(heartbeat("a", agent(1, "testing")));
        repo.git("pack-refs", "--all");
        assertThat(repo.commonDir().resolve("refs/ghp/coordination")).doesNotExist();

        store().update(heartbeat("b", agent(2, "testing")));

        assertThat(statusSeenByGit().agents()).containsOnlyKeys("a", "b");
        repo.assertFsckClean();
    }

    @Test
    void readingTakesNoLock() throws Exception {
        GitRefStore store = store();
        store.update(heartbeat("a", agent(1, "testing")));

        try (WriteLock held = WriteLock.acquire(store.lockFile(), Duration.ofSeconds(1))) {
            assertThat(store().read().status().agents()).containsOnlyKeys("a");
        }
    }

    @Test
    void theWriteLockLivesInTheCommonGitDirectory() throws Exception {
        repo.commitFile("README.md", "hi\n");
        GitRepo linked = repo.addWorktree("repo-2", "two");

        assertThat(storeAt(linked.dir()).lockFile()).isEqualTo(store().lockFile());
        assertThat(store().lockFile().getParent()).isEqualTo(repo.commonDir().toRealPath());
    }
}

package dev.ghp.agents.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ghp.agents.errors.ExitCode;
import dev.ghp.agents.errors.RefusedException;
import dev.ghp.agents.errors.StateException;
import dev.ghp.agents.model.AgentRecord;
import dev.ghp.agents.model.StatusDocument;
import dev.ghp.agents.model.StorePaths;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What every {@link CoordinationStore} promises (docs/design.md#tests: one contract suite, run against every
 * implementation). Subclasses say how to make a fresh, empty store.
 */
abstract class CoordinationStoreContract {

    /** A new store over empty state. */
    protected abstract CoordinationStore newStore();

    /** A second store over the same state (another writer); by default the same object. */
    protected CoordinationStore sameStateAgain(CoordinationStore store) {
        return store;
    }

    private static final Instant T = Instant.parse("2025-01-25T10:30:00Z");

    protected static AgentRecord agent(int issue, String status, String action) {
        return AgentRecord.builder().issue(issue).status(status).lastAction(action).timestamp(T).build();
    }

    protected static Mutation heartbeat(String name, AgentRecord record) {
        return s -> Change.of("heartbeat " + name, name).putStatus(s.status().withAgent(name, record));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(Snapshot s, String path) {
        return new String(s.file(path).orElseThrow(), StandardCharsets.UTF_8);
    }

    @Test
    void aDecisionReturnsItsResultWithTheWrite() {
        CoordinationStore store = newStore();

        Decided<String> d = store.decide(s -> Decision.write(
                heartbeat("worker-1", agent(147, "implementing", "")).apply(s), "granted"));

        assertThat(d.result()).isEqualTo("granted");
        assertThat(d.write().committed()).isTrue();
        assertThat(d.write().commitId()).isEqualTo(store.read().commitId().orElseThrow());
        assertThat(store.read().status().agents()).containsOnlyKeys("worker-1");
    }

    @Test
    void aDecisionToWriteNothingStillReturnsItsResultAndCommitsNothing() {
        CoordinationStore store = newStore();
        store.update(heartbeat("worker-0", agent(1, "testing", "")));
        String before = store.read().commitId().orElseThrow();

        Decided<String> d = store.decide(s -> Decision.nothing("refused"));

        assertThat(d.result()).isEqualTo("refused");
        assertThat(d.write().committed()).isFalse();
        assertThat(d.write().commitId()).isEqualTo(before);
        assertThat(store.read().commitId()).contains(before);
    }

    @Test
    void anEmptyStoreReadsAsNoCommitAndNoAgents() {
        Snapshot s = newStore().read();

        assertThat(s.commitId()).isEmpty();
        assertThat(s.status()).isEqualTo(StatusDocument.empty());
        assertThat(s.file(StorePaths.STATUS)).isEmpty();
        assertThat(s.list(StorePaths.ESCALATIONS)).isEmpty();
    }

    @Test
    void aWriteIsReadBack() {
        CoordinationStore store = newStore();

        WriteResult r = store.update(heartbeat("worker-1", agent(147, "implementing", "parser")));

        assertThat(r.committed()).isTrue();
        assertThat(r.commitId()).isNotNull();
        Snapshot s = store.read();
        assertThat(s.commitId()).contains(r.commitId());
        assertThat(s.status().agents()).containsOnlyKeys("worker-1");
        assertThat(s.status().agents().get("worker-1")).isEqualTo(agent(147, "implementing", "parser"));
    }

    @Test
    void theResultCarriesTheSnapshotTheChangeWasComputedFrom() {
        CoordinationStore store = newStore();
        WriteResult first = store.update(heartbeat("a", agent(1, "testing", "")));

        WriteResult second = store.update(heartbeat("b", agent(2, "testing", "")));

        assertThat(first.snapshot().commitId()).isEmpty();
        assertThat(second.snapshot().commitId()).contains(first.commitId());
        assertThat(second.snapshot().status().agents()).containsOnlyKeys("a");
        assertThat(second.commitId()).isNotEqualTo(first.commitId());
    }

    @Test
    void eachMutationSeesTheLatestState() {
        CoordinationStore store = newStore();
        for (int i = 1; i <= 5; i++) {
            String name = "agent-" + i;
            store.update(heartbeat(name, agent(i, "planning", "")));
        }

        assertThat(store.read().status().agents()).containsOnlyKeys("agent-1", "agent-2", "agent-3", "agent-4", "agent-5");
    }

    @Test
    void aNullChangeWritesNothing() {
        CoordinationStore store = newStore();
        String before = store.update(heartbeat("a", agent(1, "testing", ""))).commitId();

        WriteResult r = store.update(s -> null);

        assertThat(r.committed()).isFalse();
        assertThat(r.commitId()).isEqualTo(before);
        assertThat(store.read().commitId()).contains(before);
    }

    @Test
    void aNullChangeOnAnEmptyStoreCreatesNothing() {
        CoordinationStore store = newStore();

        WriteResult r = store.update(s -> null);

        assertThat(r.committed()).isFalse();
        assertThat(r.commitId()).isNull();
        assertThat(store.read().commitId()).isEmpty();
    }

    @Test
    void aChangeWithoutEditsWritesNothing() {
        CoordinationStore store = newStore();

        WriteResult r = store.update(s -> Change.of("nothing", "a"));

        assertThat(r.committed()).isFalse();
        assertThat(store.read().commitId()).isEmpty();
    }

    @Test
    void anUnchangedTreeMakesNoCommit() {
        CoordinationStore store = newStore();
        WriteResult first = store.update(heartbeat("a", agent(1, "testing", "same")));

        WriteResult again = store.update(heartbeat("a", agent(1, "testing", "same")));

        assertThat(again.committed()).isFalse();
        assertThat(again.commitId()).isEqualTo(first.commitId());
        assertThat(store.read().commitId()).contains(first.commitId());
    }

    @Test
    void filesArePutAndDeleted() {
        CoordinationStore store = newStore();
        store.update(s -> Change.of("open", "a").put(".ghp/escalations/esc-0001.json", bytes("{\"id\":1}"))
                .put(".ghp/escalations/esc-0002.json", bytes("{\"id\":2}")));

        WriteResult r = store.update(s -> Change.of("close", "a").delete(".ghp/escalations/esc-0001.json"));

        assertThat(r.committed()).isTrue();
        Snapshot s = store.read();
        assertThat(s.file(".ghp/escalations/esc-0001.json")).isEmpty();
        assertThat(text(s, ".ghp/escalations/esc-0002.json")).isEqualTo("{\"id\":2}");
        assertThat(s.list(StorePaths.ESCALATIONS)).containsExactly("esc-0002.json");
    }

    @Test
    void deletingAFileThatIsNotThereWritesNothing() {
        CoordinationStore store = newStore();
        String before = store.update(heartbeat("a", agent(1, "testing", ""))).commitId();

        WriteResult r = store.update(s -> Change.of("delete", "a").delete(".ghp/escalations/esc-9999.json"));

        assertThat(r.committed()).isFalse();
        assertThat(store.read().commitId()).contains(before);
    }

    @Test
    void deletingTheLastFileOfADirectoryRemovesItFromListings() {
        CoordinationStore store = newStore();
        store.update(s -> Change.of("add", "a").put(".ghp/handoffs/147-a.md", bytes("# handoff")));

        store.update(s -> Change.of("rm", "a").delete(".ghp/handoffs/147-a.md"));

        assertThat(store.read().list(StorePaths.HANDOFFS)).isEmpty();
        assertThat(store.read().list(".ghp")).isEmpty();
    }

    @Test
    void listGivesTheFilesDirectlyUnderADirectoryInOrder() {
        CoordinationStore store = newStore();
        store.update(s -> Change.of("files", "a")
                .put(".ghp/escalations/esc-00b.json", bytes("b"))
                .put(".ghp/escalations/esc-00a.json", bytes("a"))
                .put(".ghp/escalations/archive/esc-old.json", bytes("old"))
                .put(".ghp/escalationsX.json", bytes("not in it"))
                .put(".ghp/agent-status.json", StatusCodecBytes.EMPTY));

        Snapshot s = store.read();

        assertThat(s.list(".ghp/escalations")).containsExactly("esc-00a.json", "esc-00b.json");
        assertThat(s.list(".ghp/escalations/")).containsExactly("esc-00a.json", "esc-00b.json");
        assertThat(s.list(".ghp")).containsExactly("agent-status.json", "escalationsX.json");
        assertThat(s.list(".ghp/nothing-here")).isEmpty();
        assertThat(s.directories(".ghp/escalations")).containsExactly("archive");
        assertThat(s.directories(".ghp/nothing-here")).isEmpty();
    }

    @Test
    void aSnapshotDoesNotChangeWhenTheStoreDoes() {
        CoordinationStore store = newStore();
        store.update(heartbeat("a", agent(1, "testing", "before")));
        Snapshot old = store.read();

        store.update(heartbeat("a", agent(1, "testing", "after")));

        assertThat(old.status().agents().get("a").lastAction()).isEqualTo("before");
        assertThat(store.read().status().agents().get("a").lastAction()).isEqualTo("after");
    }

    @Test
    void aMutationThatRefusesWritesNothing() {
        CoordinationStore store = newStore();
        String before = store.update(heartbeat("a", agent(1, "testing", ""))).commitId();

        assertThatThrownBy(() -> store.update(s -> {
            throw new RefusedException("claim held", null);
        })).isInstanceOf(RefusedException.class);

        assertThat(store.read().commitId()).contains(before);
    }

    @Test
    void corruptStatusIsRefusedWithExitFiveAndAHintOnHowToLookAtIt() {
        CoordinationStore store = newStore();
        String before = store.update(s -> Change.of("bad", "a").put(StorePaths.STATUS, bytes("{\"agents\": [1, 2"))).commitId();

        assertThatThrownBy(() -> store.read().status())
                .isInstanceOf(StateException.class)
                .satisfies(e -> {
                    StateException se = (StateException) e;
                    assertThat(se.exitCode()).isEqualTo(ExitCode.STATE);
                    assertThat(se.getMessage()).contains("corrupt").contains(StorePaths.STATUS);
                    assertThat(se.hint()).contains("git show refs/ghp/coordination:.ghp/agent-status.json");
                });
        assertThatThrownBy(() -> store.update(heartbeat("b", agent(2, "testing", ""))))
                .isInstanceOf(StateException.class);
        assertThat(store.read().commitId()).contains(before);
        assertThat(text(store.read(), StorePaths.STATUS)).isEqualTo("{\"agents\": [1, 2");
    }

    @Test
    void aNewerSchemaIsRefusedAndNotOverwritten() {
        CoordinationStore store = newStore();
        String newer = "{\"schemaVersion\": 2, \"agents\": {}}";
        String before = store.update(s -> Change.of("newer", "a").put(StorePaths.STATUS, bytes(newer))).commitId();

        assertThatThrownBy(() -> store.update(heartbeat("b", agent(2, "testing", ""))))
                .isInstanceOf(StateException.class)
                .hasMessageContaining("schemaVersion 2")
                .hasMessageContaining("upgrade");

        assertThat(store.read().commitId()).contains(before);
        assertThat(text(store.read(), StorePaths.STATUS)).isEqualTo(newer);
    }

    @Test
    void concurrentWritersLoseNothing() throws Exception {
        CoordinationStore store = newStore();
        int threads = 6;
        int each = 5;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger commits = new AtomicInteger();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                CoordinationStore writer = sameStateAgain(store);
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        String name = "t" + thread + "-" + i;
                        if (writer.update(heartbeat(name, agent(thread + 1, "testing", name))).committed()) {
                            commits.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(store.read().status().agents()).hasSize(threads * each);
        assertThat(commits.get()).isEqualTo(threads * each);
    }

    /** Bytes of an empty agent table, for tests that only need the file to exist. */
    static final class StatusCodecBytes {
        static final byte[] EMPTY = dev.ghp.agents.model.StatusCodec.write(StatusDocument.empty());

        private StatusCodecBytes() {
        }
    }
}

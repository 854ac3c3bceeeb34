package dev.ghp.agents.sync;

import dev.ghp.agents.model.AgentRecord;
import dev.ghp.agents.model.Escalation;
import dev.ghp.agents.model.EscalationCodec;
import dev.ghp.agents.model.StatusCodec;
import dev.ghp.agents.model.StatusDocument;
import dev.ghp.agents.merge.ClaimConflicts;
import dev.ghp.agents.merge.FileContent;
import dev.ghp.agents.merge.RecordMerge;
import dev.ghp.agents.merge.RecordTree;
import dev.ghp.agents.rules.ScopeOverlap;
import dev.ghp.agents.model.StorePaths;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Clones of one record, in memory: each writes (heartbeats, sign-offs, escalations, handoffs) on
 * its own line of history and syncs through a shared remote with the protocol of {@link RemoteSync}
 * (fetch, fast-forward or merge, push with a lease, again on a lost race), or merges another
 * clone's tip directly (which makes criss-cross histories). Every write is also logged, so that
 * the expected final record can be computed independently: the last event per agent wins.
 */
final class MergeSimulation {
    static final Instant T0 = Instant.parse("2025-01-25T10:00:00Z");

    final MemoryHistory history = new MemoryHistory();
    private final HistoryMerge<Integer> merger;
    private final Integer[] local;
    private final Integer[] fetched;
    Integer remote;
    private int seconds;
    int merges;
    int leaseLosses;
    int crissCrossMerges;
    final java.util.List<String> trace = new java.util.ArrayList<>();

    /** The oracle: per agent its last record (empty: signed off last); escalations; handoffs. */
    final Map<String, Optional<AgentRecord>> lastAgentEvent = new TreeMap<>();
    final Map<String, Escalation> escalations = new TreeMap<>();
    final Map<String, String> handoffs = new TreeMap<>();

    MergeSimulation(int clones, Duration staleAfter) {
        this.merger = new HistoryMerge<>(history, new RecordMerge(new ClaimConflicts(staleAfter, ScopeOverlap.EXACT)));
        this.local = new Integer[clones];
        this.fetched = new Integer[clones];
    }

    int clones() {
        return local.length;
    }

    Instant tick() {
        seconds++;
        return T0.plusSeconds(seconds);
    }

    RecordTree tree(int clone) {
        return local[clone] == null ? RecordTree.EMPTY : history.tree(local[clone]);
    }

    Integer tip(int clone) {
        return local[clone];
    }

    StatusDocument status(int clone) {
        return status(tree(clone));
    }

    static StatusDocument status(RecordTree tree) {
        return tree.get(StorePaths.STATUS).map(f -> {
            try {
                return StatusCodec.parse(f.bytes());
            } catch (StatusCodec.FormatException e) {
                throw new AssertionError(e);
            }
        }).orElse(StatusDocument.empty());
    }

    void write(int clone, RecordTree next, Instant when) {
        local[clone] = history.commit(local[clone] == null ? java.util.List.of() : java.util.List.of(local[clone]), next, when);
    }

    void heartbeat(int clone, String agent, Integer issue) {
        Instant now = tick();
        AgentRecord record = AgentRecord.builder().issue(issue).status("implementing")
                .lastAction("clone " + clone + " at " + seconds).timestamp(now).build();
        write(clone, tree(clone).with(StorePaths.STATUS, FileContent.of(StatusCodec.write(status(clone).withAgent(agent, record)))), now);
        lastAgentEvent.put(agent, Optional.of(record));
        trace.add("t" + seconds + " c" + clone + " heartbeat " + agent + " -> " + local[clone]);
    }

    boolean signOff(int clone, String agent) {
        if (!status(clone).agents().containsKey(agent)) {
            return false;
        }
        Instant now = tick();
        write(clone, tree(clone).with(StorePaths.STATUS, FileContent.of(StatusCodec.write(status(clone).withoutAgent(agent)))), now);
        lastAgentEvent.put(agent, Optional.empty());
        trace.add("t" + seconds + " c" + clone + " sign-off " + agent + " -> " + local[clone]);
        return true;
    }

    void openEscalation(int clone, String id) {
        Instant now = tick();
        Escalation e = new Escalation(id, "question", Escalation.OPEN, "question " + id, null, "a", now, null, null, null, Map.of());
        write(clone, tree(clone).with(e.path(), FileContent.of(EscalationCodec.write(e))), now);
        escalations.put(id, e);
    }

    boolean resolveEscalation(int clone, String id) {
        Optional<FileContent> f = tree(clone).get(Escalation.pathOf(id));
        if (f.isEmpty()) {
            return false;
        }
        Instant now = tick();
        Escalation open = escalations.get(id);
        Escalation e = new Escalation(id, open.kind(), Escalation.RESOLVED, open.message(), null, "a", open.createdAt(),
                "answer from clone " + clone, "human", now, Map.of());
        write(clone, tree(clone).with(e.path(), FileContent.of(EscalationCodec.write(e))), now);
        escalations.put(id, e);
        return true;
    }

    void handoff(int clone, String name) {
        Instant now = tick();
        String path = StorePaths.HANDOFFS + "/" + name + ".md";
        write(clone, tree(clone).with(path, "# handoff " + name + "\n"), now);
        handoffs.put(path, "# handoff " + name + "\n");
    }

    /** The first half of a sync: read the remote's tip. */
    void fetch(int clone) {
        fetched[clone] = remote;
    }

    /** The second half: take in what was fetched, push with a lease; a lost race fetches again. */
    void mergeAndPush(int clone) {
        for (int round = 0; round < 100; round++) {
            Integer theirs = fetched[clone];
            local[clone] = integrate(local[clone], theirs);
            if (local[clone] == null || local[clone].equals(theirs)) {
                return;
            }
            if (java.util.Objects.equals(remote, theirs)) {
                remote = local[clone];
                return;
            }
            leaseLosses++;
            fetched[clone] = remote;
        }
        throw new AssertionError("no progress");
    }

    void sync(int clone) {
        fetch(clone);
        mergeAndPush(clone);
    }

    /** One clone takes in another's tip directly, not through the remote. */
    void peerMerge(int into, int from) {
        local[into] = integrate(local[into], local[from]);
    }

    private Integer integrate(Integer ours, Integer theirs) {
        if (theirs == null || theirs.equals(ours)) {
            return ours;
        }
        if (ours == null || history.isAncestor(ours, theirs)) {
            return theirs;
        }
        if (history.isAncestor(theirs, ours)) {
            return ours;
        }
        RecordMerge.Result r = merger.merge(ours, theirs);
        merges++;
        if (history.mergeBases(ours, theirs).size() > 1) {
            crissCrossMerges++;
        }
        int id = history.commit(java.util.List.of(ours, theirs), r.tree(), tick());
        trace.add("t" + seconds + " merge " + ours + "+" + theirs + " bases " + history.mergeBases(ours, theirs) + " -> " + id
                + " agents " + status(r.tree()).agents().keySet());
        return id;
    }

    /** Syncs every clone in turn until all hold the remote's tip. */
    void quiesce() {
        for (int pass = 0; pass < 3; pass++) {
            for (int c = 0; c < clones(); c++) {
                sync(c);
            }
        }
    }

    /** The record the event log says must be there, for the parts the log tracks. */
    Map<String, AgentRecord> expectedAgents() {
        Map<String, AgentRecord> expected = new TreeMap<>();
        lastAgentEvent.forEach((name, r) -> r.ifPresent(rec -> expected.put(name, rec)));
        return expected;
    }

    Map<String, byte[]> expectedFiles() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        escalations.values().forEach(e -> files.put(e.path(), EscalationCodec.write(e)));
        handoffs.forEach((p, t) -> files.put(p, t.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        return files;
    }

    /** How many logged entries the final tree lacks or holds in a stale version. */
    int lost(RecordTree finalTree) {
        return lostEntries(finalTree).size();
    }

    /** The logged entries the final tree lacks or holds in a stale version, described. */
    java.util.List<String> lostEntries(RecordTree finalTree) {
        java.util.List<String> lost = new java.util.ArrayList<>();
        Map<String, AgentRecord> actual = status(finalTree).agents();
        for (Map.Entry<String, AgentRecord> e : expectedAgents().entrySet()) {
            if (!e.getValue().equals(actual.get(e.getKey()))) {
                lost.add("agent " + e.getKey() + ": expected " + e.getValue() + " but found " + actual.get(e.getKey()));
            }
        }
        for (String name : actual.keySet()) {
            if (!expectedAgents().containsKey(name)) {
                lost.add("agent " + name + " was signed off last but is there"); // a sign-off undone is a write lost too
            }
        }
        for (Map.Entry<String, byte[]> e : expectedFiles().entrySet()) {
            Optional<FileContent> f = finalTree.get(e.getKey());
            if (f.isEmpty() || !Arrays.equals(f.get().bytes(), e.getValue())) {
                lost.add("file " + e.getKey() + (f.isEmpty() ? " missing" : " differs"));
            }
        }
        return lost;
    }
}

package dev.ghp.agents.sync;

import dev.ghp.agents.errors.Cancellation;
import dev.ghp.agents.errors.StateException;
import dev.ghp.agents.model.Escalation;
import dev.ghp.agents.model.StatusCodec;
import dev.ghp.agents.merge.FileContent;
import dev.ghp.agents.text.Printable;
import dev.ghp.agents.merge.RecordDiff;
import dev.ghp.agents.merge.RecordMerge;
import dev.ghp.agents.merge.RecordTree;
import dev.ghp.agents.store.Change;
import dev.ghp.agents.store.Decided;
import dev.ghp.agents.store.GitRefStore;
import dev.ghp.agents.store.Integration;
import dev.ghp.agents.model.StorePaths;
import dev.ghp.agents.store.WriteResult;
import dev.ghp.agents.git.CloneWorktrees;
import dev.ghp.agents.rules.StaleDetector;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * One sync with one remote (docs/design.md#many-machines): fetch its record, take it into the local one (fast-forward,
 * or a merge commit written under the store's lock and compare-and-swap), push the result with a
 * lease on what was fetched. A lost push race means another clone pushed first: fetch, merge and
 * push again, a bounded number of times. A failure at any point leaves both sides on valid commits:
 * the local record keeps everything written here, and the remote either took the push or did not.
 * The caller holds the clone's sync lock.
 */
public final class RemoteSync {
    static final int MAX_ROUNDS = 6;
    static final String AUTHOR = "ghp-agent-sync";

    private final Repository repo;
    private final GitRefStore store;
    private final RemoteEndpoint remote;
    private final RecordMerge merge;
    private final ArrivedNotices notices;
    private final Clock clock;
    private Runnable afterFetch = () -> { };

    /** A sync that writes no notices of what it took in (tests of the protocol alone). */
    public RemoteSync(Repository repo, GitRefStore store, RemoteEndpoint remote, RecordMerge merge) {
        this(repo, store, remote, merge, null, null, Clock.systemUTC());
    }

    /**
     * @param worktrees the clone's worktrees: its agents are told what the sync brought
     * @param detector  the stale limit of the notices (a blocker gone stale)
     */
    public RemoteSync(Repository repo, GitRefStore store, RemoteEndpoint remote, RecordMerge merge,
                      CloneWorktrees worktrees, StaleDetector detector, Clock clock) {
        this.repo = repo;
        this.store = store;
        this.remote = remote;
        this.merge = merge;
        this.notices = worktrees == null ? null : new ArrivedNotices(worktrees, detector, remote.name());
        this.clock = clock;
    }

    /** Test seam: runs after each fetch, before the merge (a racing push, a remote that goes away). */
    public void afterFetch(Runnable hook) {
        this.afterFetch = hook;
    }

    public SyncOutcome run() {
        ObjectId localBefore = store.read().commitId().map(ObjectId::fromString).orElse(null);
        IncomingRecordCheck check = new IncomingRecordCheck(repo, remote.name(),
                localBefore == null ? RecordTree.EMPTY : new GitHistory(repo).rawTree(localBefore));
        GitHistory history = new GitHistory(repo, check);
        ObjectId remoteBefore = null;
        List<Escalation> conflicts = new ArrayList<>();
        boolean merged = false;
        boolean received = false;
        java.util.SortedMap<String, String> leftOut = new java.util.TreeMap<>();
        for (int round = 1; round <= MAX_ROUNDS; round++) {
            ObjectId remoteTip = remote.fetch();
            if (round == 1) {
                remoteBefore = remoteTip;
            }
            if (remoteTip != null) {
                checkReadable(history, remoteTip);
            }
            afterFetch.run();
            Decided<RecordMerge.Result> integrated = store.integrate(local -> decide(history, check, local, remoteTip));
            WriteResult written = integrated.write();
            received |= integrated.result() == null && written.committed();
            if (remoteTip != null) {
                leftOut.putAll(leftOutOf(history, check, remoteTip));
            }
            if (integrated.result() != null && written.committed()) {
                merged = true;
                integrated.result().conflicts().stream()
                        .filter(c -> conflicts.stream().noneMatch(x -> x.id().equals(c.id())))
                        .forEach(conflicts::add);
            }
            ObjectId localTip = written.commitId() == null ? null : ObjectId.fromString(written.commitId());
            if (localTip == null) {
                return outcome(history, SyncOutcome.Kind.NOTHING, null, null, null, null, round, conflicts,
                        leftOut);
            }
            if (localTip.equals(remoteTip)) {
                remote.markSynced(localTip);
                SyncOutcome.Kind kind = merged ? SyncOutcome.Kind.MERGED
                        : localTip.equals(localBefore) ? SyncOutcome.Kind.UP_TO_DATE : SyncOutcome.Kind.RECEIVED;
                return outcome(history, kind, localBefore, localTip, remoteBefore, remoteTip, round, conflicts,
                        leftOut);
            }
            RemoteEndpoint.PushOutcome pushed = remote.push(localTip, remoteTip, leavesOut(localTip, remoteTip));
            switch (pushed.status()) {
                case OK, UP_TO_DATE -> {
                    remote.markSynced(localTip);
                    // A fast-forward followed by its notices' commit received; the push only sends the notices.
                    SyncOutcome.Kind kind = remoteBefore == null ? SyncOutcome.Kind.BOOTSTRAPPED
                            : merged ? SyncOutcome.Kind.MERGED : received ? SyncOutcome.Kind.RECEIVED
                            : SyncOutcome.Kind.SENT;
                    return outcome(history, kind, localBefore, localTip, remoteBefore, localTip, round, conflicts,
                            leftOut);
                }
                case LEASE_LOST -> pause(round);
                case REJECTED -> {
                    // A remote that refuses because it moved under us lost a race like a lease, and
                    // so did one whose ref another push holds locked: that push may not have moved
                    // it yet when we look. Any other refusal (a server hook, a protected ref) is final.
                    if (remote.removeAbandonedRemoteLock()) {
                        pause(round);
                        continue;
                    }
                    ObjectId now = remote.fetch();
                    boolean unmoved = now != null && now.equals(remoteTip) || now == null && remoteTip == null;
                    if (unmoved && !heldByAnotherPush(pushed.message())) {
                        throw new StateException("remote '" + remote.name() + "' refused the update of " + StorePaths.REF
                                + ": " + pushed.message(), "the local record is kept; ask the remote's owner whether "
                                + StorePaths.REF + " may be pushed");
                    }
                    pause(round);
                }
                default -> throw new IllegalStateException(pushed.status().toString());
            }
        }
        throw new StateException("gave up syncing with '" + remote.name() + "' after " + MAX_ROUNDS
                + " rounds: other clones kept pushing first", "the local record is kept; run 'ghp agent-sync' again");
    }

    /**
     * Whether a refusal says the ref was locked by another update under way: JGit's "failed to
     * lock", git's and GitHub's "cannot lock ref". Not final: the next round finds it moved or free.
     */
    static boolean heldByAnotherPush(String message) {
        String m = message == null ? "" : message.toLowerCase(java.util.Locale.ROOT);
        return m.contains("failed to lock") || m.contains("cannot lock ref");
    }

    /** Whether {@code tip} leaves out commits of {@code remoteTip}: the remote's history is replaced by a pruned line. */
    private boolean leavesOut(ObjectId tip, ObjectId remoteTip) {
        if (remoteTip == null) {
            return false;
        }
        try (RevWalk walk = new RevWalk(repo)) {
            return !walk.isMergedInto(walk.parseCommit(remoteTip), walk.parseCommit(tip));
        } catch (IOException e) {
            throw new StateException("cannot read the coordination history: " + e.getMessage(),
                    "check the repository with: git fsck", e);
        }
    }

    /**
     * Under the store's lock, from the fresh local state: how to take in the remote's tip, and the
     * merge's result when it took a merge (null for none or a fast-forward).
     */
    private Integration.Plan<RecordMerge.Result> decide(GitHistory history, IncomingRecordCheck check,
                                                        dev.ghp.agents.store.Snapshot local, ObjectId remoteTip) {
        ObjectId localTip = local.commitId().map(ObjectId::fromString).orElse(null);
        if (remoteTip == null || remoteTip.equals(localTip)) {
            return Integration.Step.none().giving(null);
        }
        if (localTip == null) {
            RecordTree admitted = history.tree(remoteTip);
            if (admitted.sameAs(history.rawTree(remoteTip))) {
                return Integration.Step.fastForward(remoteTip.name()).giving(null);
            }
            // Nothing local to merge with: the remote's commit, less what was left out.
            return Integration.Step.adopt(remoteTip.name(), edits(history.rawTree(remoteTip), admitted, List.of(),
                    "sync: take in " + remote.trackingRef(), leftOutOf(history, check, remoteTip))).giving(null);
        }
        return told(local, decideTakingIn(history, check, localTip, remoteTip));
    }

    /** The step, followed by the notices of what it took in for this clone's agents (a separate commit). */
    private Integration.Plan<RecordMerge.Result> told(dev.ghp.agents.store.Snapshot local,
                                                     Integration.Plan<RecordMerge.Result> plan) {
        if (notices == null || plan.step().kind() == Integration.Step.Kind.NONE) {
            return plan;
        }
        return new Integration.Plan<>(plan.step().then(after -> notices.of(local, after, clock.instant())), plan.result());
    }

    private Integration.Plan<RecordMerge.Result> decideTakingIn(GitHistory history, IncomingRecordCheck check,
                                                                ObjectId localTip, ObjectId remoteTip) {
        try (RevWalk walk = new RevWalk(repo)) {
            var l = walk.parseCommit(localTip);
            var r = walk.parseCommit(remoteTip);
            if (walk.isMergedInto(r, l)) {
                return Integration.Step.none().giving(null);
            }
            walk.reset();
            if (walk.isMergedInto(l, r)) {
                RecordTree admitted = history.tree(remoteTip);
                if (admitted.sameAs(history.rawTree(remoteTip))) {
                    return Integration.Step.fastForward(remoteTip.name()).giving(null);
                }
                // A fast-forward would take the files left out: a merge commit takes the rest.
                return Integration.Step.merge(remoteTip.name(), edits(history.tree(localTip), admitted, List.of(),
                        "sync: merge " + remote.trackingRef(), leftOutOf(history, check, remoteTip))).giving(null);
            }
        } catch (IOException e) {
            throw new StateException("cannot read the coordination history: " + e.getMessage(),
                    "check the repository with: git fsck", e);
        }
        ObjectId synced = remote.synced();
        if (synced != null && history.mergeBases(localTip, remoteTip).isEmpty()) {
            // Lines that met before and share nothing now: one side pruned. (Records started apart
            // and never synced are joined by an ordinary merge commit below.)
            return acrossPrunedHistory(history, check, synced, localTip, remoteTip);
        }
        RecordMerge.Result result = new HistoryMerge<>(history, merge).merge(localTip, remoteTip);
        return Integration.Step.merge(remoteTip.name(), edits(history.tree(localTip), result.tree(), result.conflicts(),
                "sync: merge " + remote.trackingRef(), leftOutOf(history, check, remoteTip))).giving(result);
    }

    /**
     * The two lines share no commit although they synced before: one of them pruned its history.
     * A merge commit would bring the pruned history back, so the content is merged without it:
     * three-way, from the record both sides held when they last synced, and committed on the line with the shorter history, which the other then adopts. A
     * local line that wins is pushed with a lease in place of the remote's history.
     */
    private Integration.Plan<RecordMerge.Result> acrossPrunedHistory(GitHistory history, IncomingRecordCheck check,
                                                                      ObjectId synced, ObjectId localTip,
                                                                      ObjectId remoteTip) {
        RecordTree base = history.tree(synced);
        RecordMerge.Result result = merge.merge(base, new RecordMerge.Side(history.tree(localTip), RecordMerge.SignOffs.UNKNOWN),
                new RecordMerge.Side(history.tree(remoteTip), RecordMerge.SignOffs.UNKNOWN));
        String message = "sync: take in " + remote.trackingRef() + " (no common history: one side was pruned)";
        if (GitRefStore.generation(repo, localTip) < GitRefStore.generation(repo, remoteTip)) {
            return Integration.Step.commit(edits(history.tree(localTip), result.tree(), result.conflicts(), message,
                    leftOutOf(history, check, remoteTip))).giving(result);
        }
        // Relative to the remote's tree as stored: what was left out of it is removed.
        return Integration.Step.adopt(remoteTip.name(), edits(history.rawTree(remoteTip), result.tree(),
                result.conflicts(), message, leftOutOf(history, check, remoteTip))).giving(result);
    }

    /** What the check left out of the commit's tree (not of older trees a merge read: those were reported when they came). */
    private static java.util.SortedMap<String, String> leftOutOf(GitHistory history, IncomingRecordCheck check,
                                                                 ObjectId commit) {
        history.tree(commit);
        java.util.SortedMap<String, String> out = new java.util.TreeMap<>(check.leftOut());
        out.keySet().retainAll(history.rawTree(commit).files().keySet());
        return out;
    }

    /**
     * The change from {@code local} to {@code merged}, its message naming the conflicts opened and the
     * remote's files left out ({@link IncomingRecordCheck}), so the history says why a file went.
     */
    private Change edits(RecordTree local, RecordTree merged, List<Escalation> opened, String subject,
                         java.util.SortedMap<String, String> leftOut) {
        StringBuilder message = new StringBuilder(subject);
        for (Escalation c : opened) {
            // Agent names come from another clone's record: neutralised, as every commit message is.
            message.append("\n\nconflict ").append(c.id()).append(": ").append(Printable.line(c.message()));
        }
        leftOut.forEach((path, reason) -> message.append("\n\nleft out ").append(Printable.line(path))
                .append(": ").append(reason));
        Change change = Change.of(message.toString(), AUTHOR);
        TreeSet<String> paths = new TreeSet<>(local.files().keySet());
        paths.addAll(merged.files().keySet());
        for (String path : paths) {
            Optional<FileContent> before = local.get(path);
            Optional<FileContent> after = merged.get(path);
            if (before.equals(after)) {
                continue;
            }
            if (after.isPresent()) {
                change.put(path, after.get().bytes());
            } else {
                change.delete(path);
            }
        }
        return change;
    }

    /** The remote's record is taken in only if this version can read it: corrupt state is never spread. */
    private void checkReadable(GitHistory history, ObjectId remoteTip) {
        Optional<FileContent> status = history.tree(remoteTip).get(StorePaths.STATUS);
        if (status.isEmpty()) {
            return;
        }
        try {
            StatusCodec.parse(status.get().bytes());
        } catch (StatusCodec.FormatException e) {
            String show = "git show " + remote.trackingRef() + ":" + StorePaths.STATUS;
            if (e.newerSchema()) {
                throw new StateException("the record on '" + remote.name() + "' was " + e.getMessage()
                        + "; nothing was changed here", "upgrade ghp-agents");
            }
            throw new StateException("the record on '" + remote.name() + "' is corrupt: " + StorePaths.STATUS + " is "
                    + e.getMessage() + "; nothing was changed here", "look at it with: " + show);
        }
    }

    private SyncOutcome outcome(GitHistory history, SyncOutcome.Kind kind, ObjectId localBefore, ObjectId localAfter,
                                ObjectId remoteBefore, ObjectId remoteAfter, int rounds, List<Escalation> conflicts,
                                java.util.SortedMap<String, String> leftOut) {
        RecordTree lb = localBefore == null ? RecordTree.EMPTY : history.tree(localBefore);
        RecordTree la = localAfter == null ? RecordTree.EMPTY : history.tree(localAfter);
        RecordTree rb = remoteBefore == null ? RecordTree.EMPTY : history.tree(remoteBefore);
        RecordTree ra = remoteAfter == null ? RecordTree.EMPTY : history.tree(remoteAfter);
        RecordDiff received = RecordDiff.between(lb, la);
        if (!conflicts.isEmpty()) {
            // Conflict escalations were opened by this merge, not brought in from the remote.
            List<String> opened = conflicts.stream().map(Escalation::id).toList();
            RecordDiff.Changes e = received.escalations();
            received = new RecordDiff(received.agents(), new RecordDiff.Changes(
                    e.added().stream().filter(id -> !opened.contains(id)).toList(), e.updated(), e.removed()),
                    received.handoffs(), received.other());
        }
        return new SyncOutcome(remote.name(), remote.displayUrl(), kind, name(localBefore), name(localAfter),
                name(remoteBefore), name(remoteAfter), rounds, received, RecordDiff.between(rb, ra), conflicts, leftOut);
    }

    private static String name(ObjectId id) {
        return id == null ? null : id.name();
    }

    private static void pause(int round) {
        long base = 20L << Math.min(round, 5);
        try {
            Cancellation.pause(base + ThreadLocalRandom.current().nextLong(base), "interrupted while syncing");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StateException("interrupted while syncing", null);
        }
    }
}

package dev.ghp.agents.store;

import dev.ghp.agents.errors.StateException;
import dev.ghp.agents.model.StorePaths;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * {@link GitRefStore#prune}: the history cut to the limits now, whether or not a write would have
 * done it, with a commit on top that records the prune.
 */
final class ExplicitPrune {
    private final Repository repo;
    private final Clock clock;
    private final CoordinationRef ref;
    private final CompareAndSwapLoop loop;

    ExplicitPrune(Repository repo, Clock clock, CoordinationRef ref, CompareAndSwapLoop loop) {
        this.repo = repo;
        this.clock = clock;
        this.ref = ref;
        this.loop = loop;
    }

    PruneResult run(HistoryLimits limits, boolean dryRun, String author) {
        HistoryPruner pruner = new HistoryPruner(repo);
        if (dryRun) {
            ObjectId tip = ref.freshTip();
            return tip == null ? PruneResult.noHistory(limits, true) : plan(pruner, tip, limits).result(true, null);
        }
        Decided<PrunePlan> decided = loop.run(current -> {
            if (current.commit() == null) {
                return new CompareAndSwapLoop.Round<>(null, null);
            }
            PrunePlan plan = plan(pruner, current.commit(), limits);
            if (plan.plan().removed() == 0) {
                return new CompareAndSwapLoop.Round<>(null, plan);
            }
            return new CompareAndSwapLoop.Round<>(record(pruner, current, plan, limits, author), plan);
        }, () -> { });
        if (decided.result() == null) {
            return PruneResult.noHistory(limits, false);
        }
        WriteResult written = decided.write();
        return decided.result().result(false, written.committed() ? written.commitId() : null);
    }

    /** The kept commits rewritten, and a commit recording the prune (same tree, so the state is unchanged) on top. */
    private PendingCommit record(HistoryPruner pruner, GitSnapshot current, PrunePlan plan, HistoryLimits limits,
            String author) {
        try (RevWalk walk = new RevWalk(repo)) {
            ObjectId rewritten = pruner.rewrite(plan.plan());
            RevCommit old = walk.parseCommit(current.commit());
            long kept = plan.plan().kept().size() + 1;
            HistoryTrailer trailer = new HistoryTrailer(kept, plan.since(clock.instant()), plan.plan().removed());
            String message = "prune history: kept " + kept + " commits, removed " + plan.plan().removed()
                    + "\n\nLimits (agents.history): " + limits.maxCommits() + " commits, " + limits.maxAgeText() + ".\n";
            try (ObjectInserter ins = repo.newObjectInserter()) {
                ObjectId id = CommitWriter.insert(ins, old.getTree(), CommitWriter.parents(rewritten, null), trailer,
                        message, author, clock.instant(), new CommitSigning(repo));
                ins.flush();
                return new PendingCommit(id, plan.plan().removed());
            }
        } catch (IOException e) {
            throw CommitWriter.cannotWrite(e);
        }
    }

    /** What an explicit prune does: cut to the limits, with room left for the commit that records it. */
    private PrunePlan plan(HistoryPruner pruner, ObjectId tip, HistoryLimits limits) {
        try (RevWalk walk = new RevWalk(repo)) {
            Instant reference = LineHistory.ageReference(walk, tip, clock.instant());
            HistoryTrailer known = LineHistory.trailerOf(walk, tip);
            if (!limits.exceeded(known.generation(), known.since(), reference)) {
                return new PrunePlan(tip, new HistoryPruner.Plan(tip, List.of(), 0), known, limits);
            }
            HistoryPruner.Plan plan = pruner.plan(walk, tip, limits, limits.maxCommits() - 1, known.generation(), reference);
            return new PrunePlan(tip, plan, known, limits);
        } catch (IOException e) {
            throw new StateException("cannot read the history of " + StorePaths.REF + ": " + e.getMessage(),
                    "check the repository with: git fsck", e);
        }
    }

    /** A prune's plan and what the history looked like before it. */
    private record PrunePlan(ObjectId tip, HistoryPruner.Plan plan, HistoryTrailer before, HistoryLimits limits) {
        Instant since(Instant now) {
            Instant oldest = plan.oldestKept();
            return oldest == null ? now : oldest;
        }

        PruneResult result(boolean dryRun, String after) {
            boolean pruning = plan.removed() > 0;
            long kept = pruning ? plan.kept().size() + 1 : before.generation();
            Instant oldest = pruning ? plan.oldestKept() : before.since();
            return new PruneResult(dryRun, pruning, plan.removed(), kept, oldest, tip.name(),
                    after == null ? tip.name() : after, limits);
        }
    }
}

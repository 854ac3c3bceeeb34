package dev.ghp.agents.cli;

import dev.ghp.agents.errors.Cancellation;
import dev.ghp.agents.errors.StateException;
import dev.ghp.agents.model.StorePaths;
import dev.ghp.agents.store.Snapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;

/**
 * Waits for something to appear on the coordination ref ({@code agent-inbox --wait},
 * {@code agent-escalate --wait}). It polls the ref's id, which is one small file read, and reads
 * the state again only when the id changed: a wait of an hour with nothing happening reads the
 * record once. The time limit is measured on the monotonic clock, not the wall clock the record's
 * stamps come from, so a clock set back or forward neither ends a wait early nor stretches it.
 */
final class RefWait {
    /** How often the ref's id is looked at: short enough to feel immediate, long enough to cost nothing. */
    static final Duration POLL = Duration.ofMillis(200);
    /** How often the remote look is offered its turn (it reads its own interval from the sync state). */
    static final Duration LOOK = Duration.ofSeconds(1);

    /** What a wait its caller left says (exit 130): what it would have shown stays unread. */
    static final String INTERRUPTED = "the wait was interrupted; nothing was marked read";

    private RefWait() {
    }

    /**
     * {@code check} applied to the state now and after each change of the ref, until it gives a
     * value or {@code limit} has passed (then empty). About once a second between the polls it
     * runs {@code remoteLook}, the look at the remote ({@code BaseCommand#remoteLook}), which keeps
     * its own interval and moves the ref when another clone's write arrived there.
     * {@code waitStarts} runs when the first check finds nothing (the wait really waits: the wait
     * recorded as waiting, {@link WaitHeartbeat}) and again at each remote look, where it decides
     * itself whether it is time to record the wait again; a write it makes is read as any other change.
     * A repository deleted meanwhile ends the wait with a {@link StateException} (exit 5).
     */
    static <T> Optional<T> until(Repository repo, Duration limit, Supplier<Snapshot> read,
                                 Function<Snapshot, Optional<T>> check, Runnable remoteLook, Runnable waitStarts) {
        // Waiting from the first check to the last, not only inside a pause: a Ctrl-C that comes
        // during a look at the remote (GitHub's replies, a sync) still ends with the one line.
        return Cancellation.waitingThroughout(() -> loop(repo, limit, read, check, remoteLook, waitStarts));
    }

    private static <T> Optional<T> loop(Repository repo, Duration limit, Supplier<Snapshot> read,
                                        Function<Snapshot, Optional<T>> check, Runnable remoteLook, Runnable waitStarts) {
        long deadline = System.nanoTime() + limit.toNanos();
        long nextLook = System.nanoTime();
        ObjectId seen = tip(repo);
        Optional<T> found = check.apply(read.get());
        if (found.isEmpty()) {
            waitStarts.run();
        }
        while (found.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            try {
                // Ends at once when the caller went away (Ctrl-C, a killed launcher): nothing was marked read.
                Cancellation.pause(Math.max(1, Math.min(POLL.toMillis(), left / 1_000_000)), INTERRUPTED);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
            if (!Files.isDirectory(repo.getDirectory().toPath())) {
                // Nothing can arrive in a repository that is gone: say so now, not when the time is up.
                throw new StateException("the repository was deleted while waiting: " + repo.getDirectory(), null);
            }
            if (System.nanoTime() - nextLook >= 0) {
                remoteLook.run();
                waitStarts.run();
                nextLook = System.nanoTime() + LOOK.toNanos();
            }
            ObjectId now = tip(repo);
            if (!Objects.equals(now, seen)) {
                seen = now;
                found = check.apply(read.get());
            }
        }
        return found;
    }

    private static ObjectId tip(Repository repo) {
        try {
            Ref ref = repo.getRefDatabase().exactRef(StorePaths.REF);
            return ref == null ? null : ref.getObjectId();
        } catch (IOException e) {
            throw new StateException("cannot read " + StorePaths.REF + ": " + e.getMessage(),
                    "check the repository with: git fsck", e);
        }
    }
}

package dev.ghp.agents.store;

import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/** What the limits measure a line of history by: its trailer, and the time ages count from. */
final class LineHistory {

    private LineHistory() {
    }

    /**
     * The history trailer of {@code tip}. A commit without one (written by git, an older version
     * or another tool) gets it computed from the nearest first-parent ancestor that has one, or
     * from the root: a walk paid once, since the next commit carries the trailer forward.
     */
    static HistoryTrailer trailerOf(RevWalk walk, ObjectId tip) throws IOException {
        long below = 0;
        RevCommit c = walk.parseCommit(tip);
        while (true) {
            Optional<HistoryTrailer> found = HistoryTrailer.find(c.getRawBuffer());
            if (found.isPresent()) {
                return new HistoryTrailer(found.get().generation() + below, found.get().since(), 0);
            }
            if (c.getParentCount() == 0) {
                return new HistoryTrailer(below + 1, Instant.ofEpochSecond(c.getCommitTime()), 0);
            }
            below++;
            c = walk.parseCommit(c.getParent(0));
        }
    }

    /**
     * What commit ages are measured from: the newest commit's time, or the clock when that is
     * earlier. So the age limit keeps the last {@code maxAge} of activity: a quiet month does not
     * erase the history before it, and a machine whose clock runs years ahead cannot prune
     * everyone's history by it (nor can one that runs behind).
     */
    static Instant ageReference(RevWalk walk, ObjectId tip, Instant now) throws IOException {
        Instant newest = Instant.ofEpochSecond(walk.parseCommit(tip).getCommitTime());
        return newest.isBefore(now) ? newest : now;
    }
}

package dev.ghp.agents.rules;

import dev.ghp.agents.model.AgentRecord;
import dev.ghp.agents.model.ClaimNotes;
import dev.ghp.agents.model.StatusDocument;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An issue reassigned from a stale holder ({@code agent-assign}) takes the holder's file claims
 * along: an agent holds one issue at a time, so its files are that issue's work, and left behind
 * they would block the new worker until a human released them. The holder is told, like for the
 * issue (a release note on its record, which the command turns into its message). Pure.
 */
public final class FilesAlong {
    private FilesAlong() {
    }

    /**
     * @param doc   the table after the assignment
     * @param moved the patterns that moved to the worker (active ones first), empty when none did
     */
    public record Result(StatusDocument doc, List<String> moved, List<String> movedPending) {
    }

    /**
     * @param before the table before the assignment (who held the issue, and whether it was stale)
     * @param after  the table the claim rules wrote
     */
    public static Result apply(StatusDocument before, StatusDocument after, String worker, Integer issue,
                               StaleDetector detector, Instant now) {
        AgentRecord w = after.agents().get(worker);
        if (w == null || issue == null) {
            return new Result(after, List.of(), List.of());
        }
        LinkedHashSet<String> files = new LinkedHashSet<>(w.files());
        LinkedHashSet<String> pending = new LinkedHashSet<>(w.pendingFiles());
        List<String> moved = new ArrayList<>();
        List<String> movedPending = new ArrayList<>();
        StatusDocument out = after;
        for (Map.Entry<String, AgentRecord> e : before.agents().entrySet()) {
            String holder = e.getKey();
            AgentRecord was = e.getValue();
            AgentRecord left = after.agents().get(holder);
            if (holder.equals(worker) || left == null || !Objects.equals(was.issue(), issue) || left.issue() != null
                    || !detector.view(holder, was, now).stale()
                    || (left.files().isEmpty() && left.pendingFiles().isEmpty())) {
                continue;
            }
            List<String> lost = new ArrayList<>(left.files());
            lost.addAll(left.pendingFiles());
            left.files().stream().filter(files::add).forEach(moved::add);
            left.pendingFiles().stream().filter(p -> !files.contains(p) && pending.add(p)).forEach(movedPending::add);
            AgentRecord released = left.toBuilder().files(List.of()).pendingFiles(List.of()).build();
            out = out.withAgent(holder, ClaimNotes.withReleased(released, null, lost, worker,
                    "went with #" + issue + " to " + worker + " while silent", now));
        }
        if (moved.isEmpty() && movedPending.isEmpty()) {
            return new Result(after, List.of(), List.of());
        }
        out = out.withAgent(worker, w.toBuilder().files(new ArrayList<>(files)).pendingFiles(new ArrayList<>(pending)).build());
        return new Result(out, moved, movedPending);
    }
}

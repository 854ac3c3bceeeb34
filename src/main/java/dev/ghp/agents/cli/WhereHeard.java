package dev.ghp.agents.cli;

import dev.ghp.agents.git.CloneWorktrees;
import dev.ghp.agents.model.AgentRecord;
import dev.ghp.agents.render.StatusTable;
import dev.ghp.agents.rules.AgentView;
import dev.ghp.agents.sync.SyncState;
import dev.ghp.agents.text.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where agent-status heard each row (#21): {@code here} when the agent's recorded worktree is one of
 * this clone's ({@link CloneWorktrees}), so its heartbeats wrote this record directly; else
 * {@code sync}: the row came in with a sync and is at most as fresh as this clone's last
 * successful sync ({@link LastSync}).
 *
 * @param hasRemote whether the repository has the sync remote: without one the table adds no notes
 *                  (nothing came through a sync; a row from elsewhere is an old worktree's, or a copied record's)
 * @param syncedAt  this clone's last successful sync, or null when it never synced
 */
record WhereHeard(CloneWorktrees worktrees, boolean hasRemote, Instant syncedAt) {
    static final String HERE = "here";
    static final String SYNC = "sync";

    static WhereHeard of(CloneWorktrees worktrees, LastSync lastSync) {
        Instant synced = lastSync == null ? null : lastSync.last().map(SyncState.Entry::lastSuccess).orElse(null);
        return new WhereHeard(worktrees, lastSync != null, synced);
    }

    /** {@code "here"} or {@code "sync"}, as {@code --json} has it. */
    String heard(AgentRecord agent) {
        return worktrees.contains(agent.worktree()) ? HERE : SYNC;
    }

    /** The SEEN notes of the rows heard through a sync: {@code via sync 2m ago}, or {@code via sync}. */
    Map<String, StatusTable.SeenNote> seenNotes(List<AgentView> rows, Instant now) {
        if (!hasRemote) {
            return Map.of();
        }
        StatusTable.SeenNote note = new StatusTable.SeenNote(syncedAt == null ? "via sync" : "via sync " + ago(now), "via sync");
        Map<String, StatusTable.SeenNote> notes = new HashMap<>();
        for (AgentView v : rows) {
            if (heard(v.record()).equals(SYNC)) {
                notes.put(v.name(), note);
            }
        }
        return notes;
    }

    private String ago(Instant now) {
        Duration d = Duration.between(syncedAt, now);
        return d.isNegative() ? "just now" : Durations.brief(d) + " ago";
    }
}

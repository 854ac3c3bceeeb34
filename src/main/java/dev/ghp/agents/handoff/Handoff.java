package dev.ghp.agents.handoff;

import java.time.Instant;
import java.util.List;

/**
 * Everything a handoff document says, gathered once and rendered twice: as Markdown
 * ({@link HandoffMarkdown}) and as JSON ({@link HandoffJson}). Text fields hold what the sources
 * gave (untrusted); the renderers neutralise and bound them.
 *
 * @param issue      the issue handed off
 * @param from       the agent handing off
 * @param to         the agent taking over, or null when the successor is not known yet
 * @param at         when the handoff was written
 * @param note       the note for the successor, or null
 * @param agent      the agent's entry in the coordination record
 * @param branch     the agent's branch and worktree
 * @param activity   recent activity from the coordination history, oldest first
 * @param escalations the open escalations on the issue
 * @param escalationsUnreadable how many escalation files could not be read
 * @param earlier    paths of earlier handoff documents for the issue, oldest first
 */
public record Handoff(Issue issue, String from, String to, Instant at, String note, Agent agent, Branch branch,
                      List<Activity> activity, List<OpenEscalation> escalations, int escalationsUnreadable,
                      List<String> earlier) {

    public Handoff {
        activity = List.copyOf(activity);
        escalations = List.copyOf(escalations);
        earlier = List.copyOf(earlier);
    }

    /**
     * @param source where title and body came from: {@code github}, {@code GHP_SPAWN_CONTEXT}, or null (unknown)
     */
    public record Issue(int number, String title, String body, List<String> labels, List<String> assignees,
                        String url, String source) {
        public Issue {
            labels = labels == null ? List.of() : List.copyOf(labels);
            assignees = assignees == null ? List.of() : List.copyOf(assignees);
        }

        public static Issue numberOnly(int number) {
            return new Issue(number, null, null, List.of(), List.of(), null, null);
        }
    }

    /**
     * The agent's entry as the record holds it at the handoff.
     *
     * @param waitedOnBy agents whose {@code blockedOn} names this agent or the issue
     */
    public record Agent(String status, String lastAction, Instant lastSeen, String blockedOn, List<String> files,
                        List<String> pendingFiles, List<String> waitedOnBy) {
        public Agent {
            files = List.copyOf(files);
            pendingFiles = List.copyOf(pendingFiles);
            waitedOnBy = List.copyOf(waitedOnBy);
        }
    }

    /**
     * The agent's work in git.
     *
     * @param name         the branch, or null when the agent's HEAD is detached or unknown
     * @param worktree     the agent's worktree as recorded, or null
     * @param head         the short hash the branch (or detached HEAD) points at, or null when unresolved
     * @param base         the main branch it is compared with, or null when none was found
     * @param mergeBase    the short hash where it left the main branch, or null
     * @param ahead        how many commits it has that the main branch has not (capped, see {@code aheadCapped})
     * @param aheadCapped  true when counting stopped at the cap: there are more
     * @param commits      the newest of those commits, newest first
     * @param diff         the diff stat from the merge base to the branch, or null when there is none
     * @param uncommitted  the worktree's uncommitted changes, or null when they could not be looked at
     * @param problems     what could not be read, in words (for the document)
     */
    public record Branch(String name, String worktree, String head, String base, String mergeBase, int ahead,
                         boolean aheadCapped, List<Commit> commits, DiffStat diff, Uncommitted uncommitted,
                         List<String> problems) {
        public Branch {
            commits = List.copyOf(commits);
            problems = List.copyOf(problems);
        }
    }

    public record Commit(String hash, String subject) {
    }

    /**
     * @param files       files changed
     * @param insertions  lines added (over the files whose lines were counted)
     * @param deletions   lines removed
     * @param shown       the files listed, in path order
     * @param partial     true when lines were counted for only some of the files
     */
    public record DiffStat(int files, int insertions, int deletions, List<FileChange> shown, boolean partial) {
        public DiffStat {
            shown = List.copyOf(shown);
        }
    }

    /**
     * @param change  add, modify, delete, rename or copy
     * @param oldPath the previous path of a renamed or copied file, else null
     */
    public record FileChange(String path, String oldPath, String change, int insertions, int deletions,
                             boolean binary) {
    }

    /**
     * @param entries the first paths with a one-letter code (M modified, A added, D deleted, ? untracked, U conflict)
     * @param total   how many paths changed in all
     */
    public record Uncommitted(int modified, int added, int deleted, int untracked, int conflicting,
                              List<String> entries, int total) {
        public Uncommitted {
            entries = List.copyOf(entries);
        }

        public boolean clean() {
            return total == 0;
        }
    }

    /** One step of the agent's recent activity: what it said its status and action were. */
    public record Activity(Instant at, Integer issue, String status, String action, String blockedOn) {
    }

    public record OpenEscalation(String id, String kind, String message, String agent, Instant createdAt) {
    }
}

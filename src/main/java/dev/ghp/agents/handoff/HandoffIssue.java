package dev.ghp.agents.handoff;

import dev.ghp.agents.errors.UsageException;
import dev.ghp.agents.git.RepoContext;
import dev.ghp.agents.input.BranchIssue;
import dev.ghp.agents.input.SpawnContext;
import dev.ghp.agents.model.AgentRecord;
import java.util.List;

/**
 * Which issue a handoff is about when {@code --issue} does not say: the agent's entry, else
 * {@code GHP_SPAWN_CONTEXT}, else the branch name. Writing and {@code --show} ask in the same order
 * but refuse differently: a handoff must not be filed under another agent's issue.
 */
public final class HandoffIssue {
    private HandoffIssue() {
    }

    /** The issue {@code name} hands off; {@code flag} must agree with its entry when both say one. */
    public static int toWrite(Integer flag, String name, AgentRecord record, SpawnContext spawn, RepoContext rc) {
        if (flag != null) {
            if (record.issue() != null && !record.issue().equals(flag)) {
                throw new UsageException(name + " works on #" + record.issue() + ", not #" + flag,
                        "leave --issue out to hand off #" + record.issue() + ", or name the agent on #" + flag + " with --agent");
            }
            return flag;
        }
        if (record.issue() != null) {
            return record.issue();
        }
        if (spawn != null && spawn.issueNumber() != null) {
            return spawn.issueNumber();
        }
        String branch = record.branch() != null ? record.branch() : rc.branch();
        return BranchIssue.of(branch).orElseThrow(() -> new UsageException(
                name + " has no issue in the record, and none can be told from GHP_SPAWN_CONTEXT or its branch",
                "pass --issue N"));
    }

    /**
     * The issue whose latest handoff {@code --show} prints when no {@code --issue} is given: that of
     * the agent running it ({@code record}, null when it has none), else as above from the worktree's
     * branch; the refusal lists {@code issuesWithHandoffs}.
     */
    public static int toShow(String name, AgentRecord record, SpawnContext spawn, RepoContext rc,
                             List<Integer> issuesWithHandoffs) {
        if (record != null && record.issue() != null) {
            return record.issue();
        }
        if (spawn != null && spawn.issueNumber() != null) {
            return spawn.issueNumber();
        }
        return BranchIssue.of(rc.branch()).orElseThrow(() -> new UsageException("which issue? " + name
                + " has none in the record, and none can be told from GHP_SPAWN_CONTEXT or the branch",
                issuesWithHandoffs.isEmpty() ? "no handoff has been written yet"
                        : "pass --issue N; issues with handoffs: " + HandoffFiles.listed(issuesWithHandoffs)));
    }
}

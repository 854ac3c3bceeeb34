package dev.ghp.agents.hooks;

import dev.ghp.agents.model.AgentRecord;
import dev.ghp.agents.rules.AgentView;
import dev.ghp.agents.text.Printable;
import java.util.List;

/**
 * What a subagent is told when it starts ({@code SubagentStart}): it works for its parent agent,
 * within the parent's claim (issue and files), beside the other live agents and what they hold.
 * It is not an agent of its own: the parent's messages, heartbeats and inbox stay the parent's
 * (docs/decisions.md, "#23 sessions"). Built from the parent's {@link SessionBriefing}; every
 * agent-written value is neutralised, and the whole is short.
 */
public final class SubagentBriefing {
    static final int MAX_OTHERS = 12;
    static final int MAX_FILES = 400;

    private SubagentBriefing() {
    }

    public static String render(SessionBriefing parent) {
        StringBuilder b = new StringBuilder();
        b.append("[ghp-agents] You are a subagent of agent \"").append(Printable.line(parent.agent())).append('"');
        if (parent.worktree() != null) {
            b.append(" (worktree ").append(Printable.line(parent.worktree()));
            b.append(parent.branch() == null ? ", detached HEAD)" : ", branch " + Printable.line(parent.branch()) + ")");
        }
        b.append(".\n");
        AgentRecord record = parent.record();
        if (record == null) {
            b.append("Your parent has no entry in the coordination record yet");
            b.append(parent.issue() == null ? ".\n" : "; its branch suggests issue #" + parent.issue() + ".\n");
        } else {
            b.append("Your parent's claim: ").append(record.issue() == null ? "no issue" : "issue #" + record.issue());
            b.append(record.files().isEmpty() ? ", no files" : ", files " + cut(String.join(", ", record.files())));
            b.append(" · status ").append(Printable.line(record.status())).append('\n');
        }
        List<AgentView> sameIssue = parent.sameIssue();
        if (!sameIssue.isEmpty()) {
            b.append("Also on issue #").append(parent.issue()).append(": ")
                    .append(String.join(", ", sameIssue.stream().map(v -> Printable.line(v.name())).toList())).append('\n');
        }
        List<AgentView> others = parent.others();
        if (!others.isEmpty()) {
            b.append("Other live agents and what they hold:\n");
            others.stream().limit(MAX_OTHERS).forEach(v -> {
                AgentRecord r = v.record();
                b.append("  - ").append(Printable.line(v.name()));
                b.append(r.issue() == null ? " · no issue" : " · #" + r.issue());
                if (!r.files().isEmpty()) {
                    b.append(" · files ").append(cut(String.join(", ", r.files())));
                }
                b.append('\n');
            });
            if (others.size() > MAX_OTHERS) {
                b.append("  … and ").append(others.size() - MAX_OTHERS).append(" more: ghp agent-status\n");
            }
        }
        b.append("Stay within your parent's claim: an edit of files another live agent holds is refused. Messages,"
                + " heartbeats and the inbox are your parent's: do not run ghp agent-heartbeat or ghp agent-inbox;"
                + " report to your parent instead.\n");
        return b.toString();
    }

    private static String cut(String text) {
        String clean = Printable.line(text);
        return clean.length() > MAX_FILES ? clean.substring(0, MAX_FILES - 1) + "…" : clean;
    }
}

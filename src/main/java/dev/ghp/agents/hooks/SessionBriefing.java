package dev.ghp.agents.hooks;

import dev.ghp.agents.handoff.HandoffFiles;
import dev.ghp.agents.model.AgentRecord;
import dev.ghp.agents.model.Escalation;
import dev.ghp.agents.rules.AgentView;
import dev.ghp.agents.rules.Blocking;
import dev.ghp.agents.text.Durations;
import dev.ghp.agents.text.Printable;
import dev.ghp.agents.rules.StaleDetector;
import dev.ghp.agents.store.EscalationFiles;
import dev.ghp.agents.store.Snapshot;
import dev.ghp.agents.model.StorePaths;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The short context a {@code SessionStart} hook prints for the agent (Claude Code adds it to the
 * conversation): who it is, what it holds, what became of its blocker, who else is on its issue,
 * its unread messages, the other live agents and their files, the escalations that concern it,
 * whether this clone has synced, memories of its issue, and the latest handoff for its issue.
 * A lead ({@code agents.leads}) is shown every open escalation: what waits for it, approvals included.
 * Built from one snapshot; everything agent-written is neutralised and each section is bounded,
 * and the whole stays under Claude Code's 10,000-character cap on hook output.
 */
public record SessionBriefing(String agent, String worktree, String branch, AgentRecord record, Integer issue,
                              List<AgentView> sameIssue, List<Escalation> open, List<Escalation> answered,
                              int unreadableEscalations, HandoffFiles.Entry handoff, String handoffText,
                              Instant now, String registrationProblem, Blocking.Blocker blocker,
                              List<AgentView> others, Extras extras, boolean lead) {

    /**
     * What the briefing carries from outside the snapshot: the digest of the messages delivered
     * with it, this clone's sync, and memories of the issue from mem0.
     *
     * @param messages the {@link MessageDigest} text, or ""
     * @param sync     this clone's sync, or null when unknown
     * @param memories memories of the agent's issue (raw; neutralised and cut when rendered)
     */
    public record Extras(String messages, SyncNote sync, List<String> memories) {
        public static final Extras NONE = new Extras("", null, List.of());

        public Extras {
            messages = messages == null ? "" : messages;
            memories = List.copyOf(memories);
        }
    }

    /** Claude Code cuts hook output beyond 10,000 characters; the briefing stays under it with room to spare. */
    static final int MAX_CHARS = HookReply.MAX_CONTEXT - 200;
    static final int MAX_OTHERS = 12;
    static final int MAX_MEMORIES = 5;
    static final int MAX_MEMORY = 400;

    static final int MAX_ESCALATIONS = 8;
    static final int MAX_HANDOFF_LINES = 60;
    static final int MAX_HANDOFF_CHARS = 6000;
    static final int MAX_MESSAGE = 300;
    /** Answers this recent are shown again at session start: the agent may not have seen them. */
    static final Duration ANSWERS_WINDOW = Duration.ofHours(24);

    /**
     * @param fallbackIssue        the issue when the agent has no record (from GHP or the branch), or null
     * @param registrationProblem  why the session-start heartbeat failed (first line of its error), or null
     */
    public static SessionBriefing from(Snapshot snapshot, String agent, String worktree, String branch,
                                       Integer fallbackIssue, Instant now, StaleDetector detector,
                                       String registrationProblem) {
        Map<String, AgentRecord> agents = snapshot.status().agents();
        AgentRecord record = agents.get(agent);
        Integer issue = record != null && record.issue() != null ? record.issue() : fallbackIssue;

        List<AgentView> sameIssue = new ArrayList<>();
        if (issue != null) {
            agents.forEach((name, r) -> {
                if (!name.equals(agent) && issue.equals(r.issue()) && !r.isDone()) {
                    sameIssue.add(detector.view(name, r, now));
                }
            });
        }

        List<Escalation> open = new ArrayList<>();
        List<Escalation> answered = new ArrayList<>();
        EscalationFiles.Readable files = EscalationFiles.readable(snapshot);
        boolean lead = detector.isLead(agent);
        for (Escalation e : files.escalations()) {
            if (!concerns(e, agent, issue) && !(lead && e.isOpen())) {
                continue;
            }
            if (e.isOpen()) {
                open.add(e);
            } else if (Escalation.RESOLVED.equals(e.status()) && e.resolvedAt() != null
                    && Duration.between(e.resolvedAt(), now).compareTo(ANSWERS_WINDOW) <= 0) {
                answered.add(e);
            }
        }
        int unreadable = files.unreadable();
        Comparator<Escalation> newestFirst = Comparator.comparing(Escalation::createdAt,
                Comparator.nullsLast(Comparator.reverseOrder()));
        open.sort(newestFirst);
        answered.sort(Comparator.comparing(Escalation::resolvedAt, Comparator.reverseOrder()));

        HandoffFiles.Entry handoff = null;
        String handoffText = null;
        if (issue != null) {
            List<HandoffFiles.Entry> forIssue = HandoffFiles.forIssue(snapshot.list(StorePaths.HANDOFFS), issue);
            handoff = forIssue.isEmpty() ? null : forIssue.get(forIssue.size() - 1);
            if (handoff != null) {
                handoffText = snapshot.file(handoff.path()).map(b -> new String(b, StandardCharsets.UTF_8)).orElse("");
            }
        }
        Blocking.Blocker blocker = record == null || record.blockedOn() == null ? null
                : Blocking.blockers(snapshot.status(), detector, now, id -> EscalationFiles.find(snapshot, id)).get(agent);
        List<AgentView> others = new ArrayList<>();
        agents.forEach((name, r) -> {
            AgentView v = detector.view(name, r, now);
            boolean onSameIssue = issue != null && issue.equals(r.issue()); // named in "Also on issue" already
            if (!name.equals(agent) && !r.isDone() && !v.stale() && !onSameIssue) {
                others.add(v);
            }
        });
        return new SessionBriefing(agent, worktree, branch, record, issue, sameIssue, open, answered, unreadable,
                handoff, handoffText, now, registrationProblem, blocker, others, Extras.NONE, lead);
    }

    /** The same briefing with what comes from outside the snapshot. */
    public SessionBriefing with(Extras more) {
        return new SessionBriefing(agent, worktree, branch, record, issue, sameIssue, open, answered,
                unreadableEscalations, handoff, handoffText, now, registrationProblem, blocker, others, more, lead);
    }

    /** Opened by the agent, about its issue, or naming it among the agents it concerns (a conflict's other side). */
    static boolean concerns(Escalation e, String agent, Integer issue) {
        if (agent.equals(e.agent()) || (issue != null && issue.equals(e.issue()))) {
            return true;
        }
        return e.agents().contains(agent);
    }

    /** The text for the agent's context: plain, short, every untrusted line neutralised. */
    public String render() {
        StringBuilder b = new StringBuilder();
        b.append("[ghp-agents] Coordination context for this session.\n");
        b.append("You are agent \"").append(Printable.line(agent)).append('"');
        if (worktree != null) {
            b.append(" (worktree ").append(Printable.line(worktree));
            b.append(branch == null ? ", detached HEAD)" : ", branch " + Printable.line(branch) + ")");
        }
        b.append(".\n");
        if (registrationProblem != null) {
            b.append("Your heartbeat at session start failed: ").append(cut(registrationProblem, MAX_MESSAGE)).append('\n');
        }
        if (record == null) {
            b.append("You have no entry in the coordination record");
            b.append(issue == null ? "; register with: ghp agent-heartbeat --issue N --status planning --action \"…\"\n"
                    : "; issue #" + issue + " is suggested by your branch. Register with: ghp agent-heartbeat --issue "
                    + issue + " --status planning --action \"…\"\n");
        } else {
            b.append("Your entry: ").append(record.issue() == null ? "no issue claimed" : "issue #" + record.issue() + " (claimed)");
            b.append(" · status ").append(Printable.line(record.status()));
            if (record.blockedOn() != null) {
                b.append(" on ").append(Printable.line(record.blockedOn()));
            }
            if (record.timestamp() != null) {
                b.append(" · last heartbeat ").append(Durations.brief(Duration.between(record.timestamp(), now))).append(" ago");
            }
            b.append('\n');
            if (!record.files().isEmpty()) {
                b.append("Your files: ").append(cut(String.join(", ", record.files()), MAX_MESSAGE)).append('\n');
            }
            if (!record.pendingFiles().isEmpty()) {
                b.append("Waiting for approval: ").append(cut(String.join(", ", record.pendingFiles()), MAX_MESSAGE)).append('\n');
            }
            if (record.lastAction() != null && !record.lastAction().isEmpty()) {
                b.append("Your last action: ").append(cut(record.lastAction(), MAX_MESSAGE)).append('\n');
            }
            blocker(b);
        }
        if (!sameIssue.isEmpty()) {
            b.append("Also on issue #").append(issue).append(": ");
            List<String> others = new ArrayList<>();
            for (AgentView v : sameIssue) {
                others.add(Printable.line(v.name()) + " (" + Printable.line(v.record().status())
                        + (v.age() == null ? "" : ", seen " + Durations.brief(v.age()) + " ago")
                        + (v.stale() ? ", STALE" : "") + ")");
            }
            b.append(String.join(", ", others)).append(". Agree through an escalation before you both change the same files.\n");
        }
        b.append(extras.messages());
        others(b);
        escalations(b);
        if (extras.sync() != null) {
            b.append(extras.sync().render(now));
        }
        memories(b);
        String protocol = "Protocol: report phase changes with ghp agent-heartbeat --status <status> --action \"<what you did>\";"
                + " when unsure, ask with ghp agent-escalate instead of guessing; before leaving unfinished work,"
                + " write a handoff with ghp agent-handoff --note \"…\". Exit code 3 means refused: do not work around it.\n";
        handoff(b, MAX_CHARS - b.length() - protocol.length());
        b.append(protocol);
        return b.toString();
    }

    private void blocker(StringBuilder b) {
        if (blocker == null) {
            return;
        }
        b.append("Your blocker ").append(Printable.line(blocker.ref())).append(": ").append(blocker.state().text());
        if (!blocker.agents().isEmpty()) {
            b.append(" (").append(cut(String.join(", ", blocker.agents()), MAX_MESSAGE)).append(')');
        }
        b.append('\n');
    }

    /** The other live agents, with their issue, status and files: whom a change of files may meet. */
    private void others(StringBuilder b) {
        if (others.isEmpty()) {
            return;
        }
        b.append("Other live agents (").append(others.size()).append("):\n");
        others.stream().limit(MAX_OTHERS).forEach(v -> {
            AgentRecord r = v.record();
            b.append("  - ").append(Printable.line(v.name()));
            b.append(r.issue() == null ? " · no issue" : " · #" + r.issue());
            b.append(" · ").append(Printable.line(r.status()));
            if (r.blockedOn() != null) {
                b.append(" on ").append(Printable.line(r.blockedOn()));
            }
            if (!r.files().isEmpty()) {
                b.append(" · files ").append(cut(String.join(", ", r.files()), 200));
            }
            b.append('\n');
        });
        if (others.size() > MAX_OTHERS) {
            b.append("  … and ").append(others.size() - MAX_OTHERS).append(" more: ghp agent-status\n");
        }
    }

    private void memories(StringBuilder b) {
        if (extras.memories().isEmpty()) {
            return;
        }
        b.append("Memories of issue #").append(issue).append(" (mem0):\n");
        extras.memories().stream().limit(MAX_MEMORIES)
                .forEach(m -> b.append("  - ").append(cut(m, MAX_MEMORY)).append('\n'));
    }

    private void escalations(StringBuilder b) {
        String scope = issue == null ? "you" : "you or issue #" + issue;
        if (!open.isEmpty()) {
            b.append(lead ? "Open escalations, waiting for a lead (you are one, agents.leads)"
                    : "Open escalations for " + scope).append(" (").append(open.size()).append("):\n");
            open.stream().limit(MAX_ESCALATIONS).forEach(e -> {
                b.append("  - ").append(Printable.line(e.id())).append(" · ").append(Printable.line(Objects.toString(e.kind(), "?")));
                if (e.issue() != null) {
                    b.append(" · #").append(e.issue());
                }
                if (e.agent() != null) {
                    b.append(" · by ").append(Printable.line(e.agent()));
                }
                if (e.createdAt() != null) {
                    b.append(" · ").append(Durations.brief(Duration.between(e.createdAt(), now))).append(" ago");
                }
                b.append(": ").append(cut(e.message(), MAX_MESSAGE)).append('\n');
            });
            if (open.size() > MAX_ESCALATIONS) {
                b.append("  … and ").append(open.size() - MAX_ESCALATIONS).append(" more: ghp agent-escalate --help\n");
            }
        }
        if (!answered.isEmpty()) {
            b.append("Answered in the last 24h:\n");
            answered.stream().limit(MAX_ESCALATIONS).forEach(e -> {
                b.append("  - ").append(Printable.line(e.id())).append(": ").append(cut(e.message(), MAX_MESSAGE));
                b.append("\n    answer");
                if (e.resolvedBy() != null) {
                    b.append(" from ").append(Printable.line(e.resolvedBy()));
                }
                b.append(": ").append(cut(e.answer(), MAX_MESSAGE)).append('\n');
            });
        }
        if (unreadableEscalations > 0) {
            b.append(unreadableEscalations).append(" escalation file(s) could not be read; tell a human.\n");
        }
    }

    /** The handoff's lines, within {@code budget} characters (what the other sections left of the cap). */
    private void handoff(StringBuilder b, int budget) {
        if (handoff == null) {
            return;
        }
        int start = b.length();
        b.append("Latest handoff for issue #").append(issue).append(": from ").append(Printable.line(handoff.agent()));
        b.append(", ").append(Printable.line(handoff.stamp()));
        b.append(" (").append(Printable.line(handoff.path())).append(")\n");
        String body = handoffText.replaceFirst("\r?\n$", "");
        String[] lines = body.isEmpty() ? new String[0] : body.split("\r?\n", -1);
        int chars = 0;
        int shown = 0;
        for (String line : lines) {
            if (shown >= MAX_HANDOFF_LINES || chars + line.length() > MAX_HANDOFF_CHARS
                    || b.length() - start + line.length() + 200 > budget) {
                break;
            }
            b.append("  | ").append(Printable.line(line)).append('\n');
            chars += line.length();
            shown++;
        }
        if (shown < lines.length) {
            b.append("  [").append(lines.length - shown).append(" more lines; read it all with: ghp agent-handoff --show --issue ")
                    .append(issue).append("]\n");
        }
    }

    private static String cut(String text, int max) {
        String clean = Printable.line(text);
        return clean.codePointCount(0, clean.length()) > max
                ? clean.substring(0, clean.offsetByCodePoints(0, max - 1)) + "…" : clean;
    }
}

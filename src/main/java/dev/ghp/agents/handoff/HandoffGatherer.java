package dev.ghp.agents.handoff;

import dev.ghp.agents.model.AgentRecord;
import dev.ghp.agents.model.Escalation;
import dev.ghp.agents.model.EscalationCodec;
import dev.ghp.agents.model.StatusCodec;
import dev.ghp.agents.model.StatusDocument;
import dev.ghp.agents.store.RefHistory;
import dev.ghp.agents.store.Snapshot;
import dev.ghp.agents.model.StorePaths;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.eclipse.jgit.lib.Repository;

/**
 * Collects what a handoff says from the record (snapshot), the coordination history and the
 * agent's branch and worktree. Reads only; what cannot be read becomes part of the document
 * ("could not …"), never a failure of the handoff.
 */
public final class HandoffGatherer {
    /** How many recent commits of the coordination ref are searched for the agent's activity. */
    static final int HISTORY_WINDOW = 2_000;
    static final int ACTIVITY_SHOWN = 20;

    private final Repository repo;
    private final Path currentWorktree;

    public HandoffGatherer(Repository repo, Path currentWorktree) {
        this.repo = repo;
        this.currentWorktree = currentWorktree;
    }

    /** Who hands off what to whom, and where its work is. */
    public record Request(String agent, AgentRecord record, Handoff.Issue issue, String to, String note, Instant at,
                          String branch, String worktree, String base, String preferredBase) {
    }

    public Handoff gather(Snapshot snapshot, Request r) {
        int issue = r.issue().number();
        Handoff.Branch branch = new BranchReader(repo, currentWorktree)
                .read(r.branch(), r.worktree(), r.base(), r.preferredBase());

        List<RefHistory.Version> versions = new RefHistory(repo).agent(r.agent(), HISTORY_WINDOW);
        List<Handoff.Activity> activity = ActivityLog.of(
                versions.stream().map(RefHistory.Version::record).toList(),
                versions.stream().map(RefHistory.Version::committed).toList(), ACTIVITY_SHOWN);

        List<Handoff.OpenEscalation> escalations = new ArrayList<>();
        int unreadable = 0;
        for (String file : snapshot.list(StorePaths.ESCALATIONS)) {
            if (!file.endsWith(".json")) {
                continue;
            }
            try {
                Escalation e = EscalationCodec.parse(snapshot.file(StorePaths.ESCALATIONS + "/" + file).orElseThrow());
                if (e.isOpen() && Objects.equals(e.issue(), issue)) {
                    escalations.add(new Handoff.OpenEscalation(e.id(), e.kind(), e.message(), e.agent(), e.createdAt()));
                }
            } catch (StatusCodec.FormatException | RuntimeException ex) {
                unreadable++;
            }
        }
        escalations.sort(Comparator.comparing(Handoff.OpenEscalation::createdAt,
                Comparator.nullsLast(Comparator.naturalOrder())).thenComparing(Handoff.OpenEscalation::id));

        List<String> earlier = HandoffFiles.forIssue(snapshot.list(StorePaths.HANDOFFS), issue).stream()
                .map(HandoffFiles.Entry::path).toList();
        AgentRecord rec = r.record();
        Handoff.Agent agent = new Handoff.Agent(rec.status(), rec.lastAction(), rec.timestamp(), rec.blockedOn(),
                rec.files(), rec.pendingFiles(), waitedOnBy(snapshot.status(), r.agent(), issue));
        return new Handoff(r.issue(), r.agent(), r.to(), r.at(), r.note(), agent, branch, activity, escalations,
                unreadable, earlier);
    }

    /** The agents whose {@code blockedOn} names this agent or its issue. */
    static List<String> waitedOnBy(StatusDocument doc, String agent, int issue) {
        List<String> waiting = new ArrayList<>();
        doc.agents().forEach((other, r) -> {
            if (!other.equals(agent) && (agent.equals(r.blockedOn()) || ("#" + issue).equals(r.blockedOn()))) {
                waiting.add(other);
            }
        });
        return waiting;
    }
}

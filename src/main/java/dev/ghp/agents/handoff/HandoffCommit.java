package dev.ghp.agents.handoff;

import dev.ghp.agents.model.AgentDecision;
import dev.ghp.agents.model.Escalation;
import dev.ghp.agents.model.EscalationCodec;
import dev.ghp.agents.model.Message;
import dev.ghp.agents.model.StatusCodec;
import dev.ghp.agents.model.StatusDocument;
import dev.ghp.agents.model.StorePaths;
import dev.ghp.agents.rules.ChangeNotices;
import dev.ghp.agents.rules.Notices;
import dev.ghp.agents.rules.StaleDetector;
import dev.ghp.agents.store.Change;
import dev.ghp.agents.store.DecisionFiles;
import dev.ghp.agents.store.EscalationFiles;
import dev.ghp.agents.store.MessageFiles;
import dev.ghp.agents.store.Snapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The one commit a handoff makes: the document under a free name in {@code .ghp/handoffs/} and,
 * with a successor, the {@link Transfer} of the claims (and of the open approval requests). Each is
 * a function of the snapshot it is applied to, so a retry after a lost race recomputes both.
 */
public final class HandoffCommit {
    private final String from;
    private final String to;
    private final int issue;
    private final Instant at;
    private final StaleDetector detector;
    private final byte[] document;

    /** {@code to} is null when nobody takes over; {@code document} is the rendered Markdown. */
    public HandoffCommit(String from, String to, int issue, Instant at, StaleDetector detector, byte[] document) {
        this.from = from;
        this.to = to;
        this.issue = issue;
        this.at = at;
        this.detector = detector;
        this.document = document;
    }

    /** The change to apply to the freshly read {@code s}. */
    public Change change(Snapshot s) {
        String path = path(s);
        String message = "handoff " + from + " #" + issue + (to == null ? "" : " to " + to);
        Change change = Change.of(message, from).put(path, document);
        if (to != null) {
            Transfer transfer = transfer(path);
            StatusDocument after = DecisionFiles.record(change, transfer.apply(s.status()),
                    transfer.decisions(s.status(), from, AgentDecision::newId));
            change.putStatus(after);
            transfer.approvalsMoved(readableEscalations(s)).forEach(e -> EscalationFiles.put(change, e));
            // The successor is told, and so is whoever waited on the agent that is now done.
            List<Message> notices = new ArrayList<>();
            notices.add(Notices.handoff(from, to, issue, path, at));
            notices.addAll(ChangeNotices.blockers(s.status(), after, from, detector, at));
            MessageFiles.sendAll(change, s, notices, at);
        }
        return change;
    }

    /**
     * Where the document goes in {@code s}: the first free name. Asked again of the snapshot the
     * change was computed from ({@code WriteResult.snapshot()}), it gives the name it was stored under.
     */
    public String path(Snapshot s) {
        Set<String> taken = new HashSet<>(s.list(StorePaths.HANDOFFS));
        return StorePaths.HANDOFFS + "/" + HandoffFiles.newName(issue, from, at, taken::contains);
    }

    /** What moved to the successor, computed from {@code s} (the snapshot the change was computed from); null without one. */
    public Transfer.Moved moved(Snapshot s) {
        return to == null ? null : transfer(path(s)).check(s.status());
    }

    private Transfer transfer(String documentPath) {
        return new Transfer(from, to, issue, at, documentPath, detector);
    }

    /** The escalations that parse; an unreadable one is left as it is (the document counts it). */
    private static List<Escalation> readableEscalations(Snapshot s) {
        List<Escalation> out = new ArrayList<>();
        for (String file : s.list(StorePaths.ESCALATIONS)) {
            if (file.endsWith(".json")) {
                try {
                    out.add(EscalationCodec.parse(s.file(StorePaths.ESCALATIONS + "/" + file).orElseThrow()));
                } catch (StatusCodec.FormatException | RuntimeException e) {
                    // not ours to repair here
                }
            }
        }
        return out;
    }
}

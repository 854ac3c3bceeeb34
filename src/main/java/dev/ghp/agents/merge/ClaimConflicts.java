package dev.ghp.agents.merge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.ghp.agents.model.AgentRecord;
import dev.ghp.agents.model.Escalation;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.model.StatusDocument;
import dev.ghp.agents.rules.ScopeOverlap;
import dev.ghp.agents.rules.SyncConflictId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Claims checked again after a merge: two agents that claimed the same issue, or overlapping files,
 * while their records were apart (on different clones) meet for the first time in the merged
 * record. Neither wins silently: each such pair opens one {@code conflict} escalation.
 *
 * <p>Everything here is decided by the records alone, so both clones compute the same escalation,
 * byte for byte, with the same id. "Live" is judged within the pair: both not done, and each heard
 * from within the stale limit of the other (the clock of the clone running the merge plays no part).
 */
public final class ClaimConflicts {
    private final Duration staleAfter;
    private final ScopeOverlap overlap;

    public ClaimConflicts(Duration staleAfter, ScopeOverlap overlap) {
        this.staleAfter = staleAfter;
        this.overlap = overlap;
    }

    /** The conflicts in {@code merged} that neither side had on its own, as escalations to open. */
    public List<Escalation> newConflicts(StatusDocument merged, StatusDocument ours, StatusDocument theirs) {
        List<Escalation> found = new ArrayList<>();
        List<String> names = new ArrayList<>(merged.agents().keySet());
        for (int i = 0; i < names.size(); i++) {
            for (int j = i + 1; j < names.size(); j++) {
                String a = names.get(i);
                String b = names.get(j);
                Clash clash = clash(merged.agents().get(a), merged.agents().get(b));
                if (clash == null || clashesOn(ours, a, b) || clashesOn(theirs, a, b)) {
                    continue;
                }
                found.add(escalation(a, b, merged.agents().get(a), merged.agents().get(b), clash));
            }
        }
        return found;
    }

    private boolean clashesOn(StatusDocument side, String a, String b) {
        AgentRecord ra = side.agents().get(a);
        AgentRecord rb = side.agents().get(b);
        return ra != null && rb != null && clash(ra, rb) != null;
    }

    /** What two records both claim, or null when they do not clash. */
    private Clash clash(AgentRecord a, AgentRecord b) {
        if (a.isDone() || b.isDone() || a.timestamp() == null || b.timestamp() == null
                || Duration.between(a.timestamp(), b.timestamp()).abs().compareTo(staleAfter) > 0) {
            return null;
        }
        Integer issue = a.issue() != null && a.issue().equals(b.issue()) ? a.issue() : null;
        List<String> files = overlap.overlapping(a.files(), b.files());
        if (issue == null && files.isEmpty()) {
            return null;
        }
        return new Clash(issue, files);
    }

    private record Clash(Integer issue, List<String> files) {
    }

    private static Escalation escalation(String a, String b, AgentRecord ra, AgentRecord rb, Clash clash) {
        String what;
        if (clash.issue() != null) {
            what = "both claimed #" + clash.issue()
                    + (clash.files().isEmpty() ? "" : " and overlapping files (" + String.join(", ", clash.files()) + ")");
        } else {
            what = "hold overlapping files (" + String.join(", ", clash.files()) + ")";
        }
        String message = a + " and " + b + " " + what
                + " while their records were apart; agent-sync found it when merging. Decide who keeps the claim.";
        Map<String, JsonNode> extra = new LinkedHashMap<>();
        ArrayNode agents = Json.object().arrayNode();
        agents.add(a).add(b);
        extra.put("agents", agents);
        if (!clash.files().isEmpty()) {
            ArrayNode files = Json.object().arrayNode();
            clash.files().forEach(files::add);
            extra.put("files", files);
        }
        Instant createdAt = ra.timestamp().isAfter(rb.timestamp()) ? ra.timestamp() : rb.timestamp();
        return new Escalation(idFor(a, b, clash.issue()), Escalation.Kind.CONFLICT.wire(), Escalation.OPEN, message,
                clash.issue(), null, createdAt, null, null, null, extra);
    }

    /** The same on every clone: see {@link SyncConflictId}. */
    static String idFor(String a, String b, Integer issue) {
        return SyncConflictId.of(a, b, issue);
    }
}

package dev.ghp.agents.merge;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ghp.agents.errors.StateException;
import dev.ghp.agents.model.AgentRecord;
import dev.ghp.agents.model.Escalation;
import dev.ghp.agents.model.EscalationCodec;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.model.StatusCodec;
import dev.ghp.agents.model.StatusDocument;
import dev.ghp.agents.model.StorePaths;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The three-way semantic merge of two coordination records from their merge base (docs/design.md#many-machines). It is
 * a pure function of its inputs and symmetric in the two sides, so whichever clone runs it, the
 * same inputs give the same tree:
 * <ul>
 *   <li>any file changed on one side only takes that side's content (a removal included);</li>
 *   <li>agents changed on both sides: the newer record wins, ties go to the greater serialized
 *       record; a sign-off on one side against a changed record on the other: the record stays only
 *       if its heartbeat is strictly later than the sign-off;</li>
 *   <li>escalations are a union by id; for one changed on both sides {@code resolved} beats
 *       {@code open}, then the later change wins, then the greater bytes;</li>
 *   <li>any other file changed on both sides: a change beats a removal, then the greater bytes win;</li>
 *   <li>messages are a union by path, and read beats unread: a message read on one side
 *       ({@code .ghp/read/<agent>/<id>.json}) leaves the other side's unread copy
 *       ({@code .ghp/inbox/<agent>/<id>.json}) out of the merged tree;</li>
 *   <li>decisions ({@code .ghp/decisions/<id>.json}, written once) are a union by path, and each
 *       one the chosen record of its agent had not seen is carried out on it ({@link DecisionReplay}).</li>
 * </ul>
 * Afterwards the claims are checked again ({@link ClaimConflicts}): claims that met only in this
 * merge open one {@code conflict} escalation each, with an id both sides compute alike.
 */
public final class RecordMerge {

    /** When an agent was last signed off on one side (the time of the commit that removed it), if known. */
    @FunctionalInterface
    public interface SignOffs {
        SignOffs UNKNOWN = agent -> Optional.empty();

        Optional<Instant> lastSignOff(String agent);
    }

    /** One side of the merge: its tree, and where its sign-offs can be looked up. */
    public record Side(RecordTree tree, SignOffs signOffs) {
        public Side {
            Objects.requireNonNull(tree);
            signOffs = signOffs == null ? SignOffs.UNKNOWN : signOffs;
        }

        public static Side of(RecordTree tree) {
            return new Side(tree, SignOffs.UNKNOWN);
        }
    }

    /**
     * @param tree      the merged tree
     * @param conflicts the conflict escalations this merge opened (already in the tree)
     */
    public record Result(RecordTree tree, List<Escalation> conflicts) {
        public Result {
            conflicts = List.copyOf(conflicts);
        }
    }

    private final ClaimConflicts claims;

    public RecordMerge(ClaimConflicts claims) {
        this.claims = claims;
    }

    public Result merge(RecordTree base, Side ours, Side theirs) {
        TreeSet<String> paths = new TreeSet<>(base.files().keySet());
        paths.addAll(ours.tree().files().keySet());
        paths.addAll(theirs.tree().files().keySet());
        TreeMap<String, FileContent> merged = new TreeMap<>();
        StatusDocument[] statusMerge = null;
        for (String path : paths) {
            FileContent b = base.files().get(path);
            FileContent o = ours.tree().files().get(path);
            FileContent t = theirs.tree().files().get(path);
            FileContent result;
            if (Objects.equals(o, t)) {
                result = o;
            } else if (path.equals(StorePaths.STATUS)) {
                // Always by agent, even when one side's file is back to the base's bytes: that side
                // may have added an agent and signed it off since the base.
                statusMerge = mergeStatus(b, o, t, ours, theirs);
                result = FileContent.of(StatusCodec.write(statusMerge[0]));
                result = result.equals(o) ? o : result.equals(t) ? t : result;
            } else if (Objects.equals(o, b)) {
                result = t;
            } else if (Objects.equals(t, b)) {
                result = o;
            } else if (isEscalation(path)) {
                result = mergeEscalation(o, t);
            } else {
                result = changeOverRemoval(o, t);
            }
            if (result != null) {
                merged.put(path, result);
            }
        }
        readBeatsUnread(merged);
        if (statusMerge == null) {
            return new Result(new RecordTree(merged), List.of());
        }
        StatusDocument withinHorizon = DecisionHorizon.apply(statusMerge[0], merged);
        StatusDocument decided = DecisionReplay.replay(withinHorizon, merged, statusMerge[1], statusMerge[2],
                ours.tree(), theirs.tree());
        if (decided != statusMerge[0]) {
            statusMerge[0] = decided;
            merged.put(StorePaths.STATUS, FileContent.of(StatusCodec.write(decided)));
        }
        List<Escalation> opened = claims.newConflicts(statusMerge[0], statusMerge[1], statusMerge[2]).stream()
                .filter(e -> !merged.containsKey(e.path()))
                .toList();
        opened.forEach(e -> merged.put(e.path(), FileContent.of(EscalationCodec.write(e))));
        return new Result(new RecordTree(merged), opened);
    }

    /** Returns {merged, ours, theirs}: the two sides are kept for the claim check. */
    private StatusDocument[] mergeStatus(FileContent b, FileContent o, FileContent t, Side ours, Side theirs) {
        StatusDocument base = b == null ? StatusDocument.empty() : parseOrEmpty(b);
        StatusDocument left = o == null ? StatusDocument.empty() : parse(o, "one side's");
        StatusDocument right = t == null ? StatusDocument.empty() : parse(t, "the other side's");
        TreeSet<String> names = new TreeSet<>(base.agents().keySet());
        names.addAll(left.agents().keySet());
        names.addAll(right.agents().keySet());
        TreeMap<String, AgentRecord> agents = new TreeMap<>();
        for (String name : names) {
            AgentRecord rb = base.agents().get(name);
            AgentRecord ro = left.agents().get(name);
            AgentRecord rt = right.agents().get(name);
            AgentRecord result;
            if (Objects.equals(ro, rt)) {
                result = ro;
            } else if (Objects.equals(ro, rb)) {
                result = rt;
            } else if (Objects.equals(rt, rb)) {
                result = ro;
            } else if (ro != null && rt != null) {
                result = newer(ro, rt);
            } else {
                result = ro != null ? ro : rt;
            }
            if (result != null && (ro == null || rt == null)) {
                // Absent on one side: if that side signed the agent off since the base (even after
                // adding it there), the sign-off and this record are decided by time.
                Side signedOff = ro == null ? ours : theirs;
                Optional<Instant> when = signedOff.signOffs().lastSignOff(name);
                if (when.isPresent() && (result.timestamp() == null || !result.timestamp().isAfter(when.get()))) {
                    result = null;
                }
            }
            if (result != null) {
                agents.put(name, result);
            }
        }
        Map<String, JsonNode> extra = mergeExtra(base.extra(), left.extra(), right.extra());
        StatusDocument merged = new StatusDocument(StatusDocument.SCHEMA_VERSION, agents, extra);
        return new StatusDocument[]{merged, left, right};
    }

    /** The newer record; on a tie, the greater serialized record, so that both sides pick the same one. */
    static AgentRecord newer(AgentRecord a, AgentRecord b) {
        Instant ta = a.timestamp() == null ? Instant.MIN : a.timestamp();
        Instant tb = b.timestamp() == null ? Instant.MIN : b.timestamp();
        int byTime = ta.compareTo(tb);
        if (byTime != 0) {
            return byTime > 0 ? a : b;
        }
        byte[] ja = Json.prettyBytes(StatusCodec.agentToJson(a));
        byte[] jb = Json.prettyBytes(StatusCodec.agentToJson(b));
        return Arrays.compareUnsigned(ja, jb) >= 0 ? a : b;
    }

    /** Top-level fields a newer tool wrote: three-way per key; both changed: a value beats a removal, then the greater text. */
    private static Map<String, JsonNode> mergeExtra(Map<String, JsonNode> base, Map<String, JsonNode> ours,
                                                   Map<String, JsonNode> theirs) {
        TreeSet<String> keys = new TreeSet<>(base.keySet());
        keys.addAll(ours.keySet());
        keys.addAll(theirs.keySet());
        Map<String, JsonNode> merged = new LinkedHashMap<>();
        for (String key : keys) {
            JsonNode b = base.get(key);
            JsonNode o = ours.get(key);
            JsonNode t = theirs.get(key);
            JsonNode result;
            if (Objects.equals(o, t) || Objects.equals(t, b)) {
                result = o;
            } else if (Objects.equals(o, b)) {
                result = t;
            } else if (o == null || t == null) {
                result = o == null ? t : o;
            } else {
                result = Arrays.compareUnsigned(Json.prettyBytes(o), Json.prettyBytes(t)) >= 0 ? o : t;
            }
            if (result != null) {
                merged.put(key, result);
            }
        }
        return merged;
    }

    /**
     * A message read on one side and still unread on the other, where the base did not have it (two
     * clones that both received it, say through a third): only the read copy stays. With the base
     * holding it, the three-way rule already agrees (the side that read it removed the unread copy).
     */
    private static void readBeatsUnread(Map<String, FileContent> merged) {
        String inbox = StorePaths.INBOX + "/";
        merged.keySet().removeIf(path -> path.startsWith(inbox)
                && ReadMarkers.genuine(merged.get(path), merged.get(StorePaths.READ + "/" + path.substring(inbox.length()))));
    }

    private static boolean isEscalation(String path) {
        return path.startsWith(StorePaths.ESCALATIONS + "/") && path.endsWith(".json");
    }

    private static FileContent mergeEscalation(FileContent o, FileContent t) {
        if (o == null || t == null) {
            return changeOverRemoval(o, t);
        }
        Escalation eo;
        Escalation et;
        try {
            eo = EscalationCodec.parse(o.bytes());
            et = EscalationCodec.parse(t.bytes());
        } catch (StatusCodec.FormatException e) {
            return changeOverRemoval(o, t);
        }
        int byStatus = Integer.compare(rank(eo), rank(et));
        if (byStatus != 0) {
            return byStatus > 0 ? o : t;
        }
        int byTime = changedAt(eo).compareTo(changedAt(et));
        if (byTime != 0) {
            return byTime > 0 ? o : t;
        }
        return changeOverRemoval(o, t);
    }

    private static int rank(Escalation e) {
        return Escalation.RESOLVED.equals(e.status()) ? 1 : 0;
    }

    private static Instant changedAt(Escalation e) {
        Instant t = Escalation.RESOLVED.equals(e.status()) ? e.resolvedAt() : e.createdAt();
        return t == null ? Instant.MIN : t;
    }

    /** Both sides changed a file: content beats a removal, and between two contents the greater bytes win. */
    private static FileContent changeOverRemoval(FileContent o, FileContent t) {
        if (o == null || t == null) {
            return o == null ? t : o;
        }
        return Arrays.compareUnsigned(o.bytes(), t.bytes()) >= 0 ? o : t;
    }

    private static StatusDocument parse(FileContent f, String which) {
        try {
            return StatusCodec.parse(f.bytes());
        } catch (StatusCodec.FormatException e) {
            String what = e.newerSchema()
                    ? which + " coordination state was " + e.getMessage() + "; upgrade ghp-agents"
                    : which + " coordination state is corrupt: " + StorePaths.STATUS + " is " + e.getMessage();
            throw new StateException("cannot merge: " + what + " (nothing was written)",
                    "look at it with: " + StorePaths.SHOW_STATUS);
        }
    }

    /** A merge base that no longer parses contributes nothing: both sides then count as additions. */
    private static StatusDocument parseOrEmpty(FileContent f) {
        try {
            return StatusCodec.parse(f.bytes());
        } catch (StatusCodec.FormatException e) {
            return StatusDocument.empty();
        }
    }
}

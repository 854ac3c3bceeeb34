package dev.ghp.agents.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A decision somebody made about an agent's record ({@code .ghp/decisions/<id>.json}): an approval,
 * a denial, an assignment, a handoff, an award, a release. Written once, in the commit that carries
 * out its effect, and never changed, so that the merge can carry the effect out again on a record
 * of the agent that had not seen it (docs/decisions.md, #21). The ids carried out on a record are
 * listed on it ({@link #DECIDED}).
 *
 * @param id         {@code dec-} and random hex, like escalation ids
 * @param kind       what was decided ({@link Kind}), as written
 * @param agent      the agent whose record it changes
 * @param by         who decided
 * @param at         when
 * @param subject    what it decides: of two decisions about one agent with the same subject, the
 *                   later ({@link #ORDER}) is in effect and the earlier superseded
 * @param effect     the change to the record, as data
 * @param escalation the escalation it resolved, or null
 * @param from       the agent the work came from (taken over in a handoff, or from a stale holder), or null
 * @param to         the agent the work went to (the successor of a handoff, an award's winner), or null
 * @param extra      fields this version does not know, kept on rewrite
 */
public record AgentDecision(String id, String kind, String agent, String by, Instant at, String subject, Effect effect,
                            String escalation, String from, String to, Map<String, JsonNode> extra) {
    /** The agent-record field listing the decisions already carried out on it. */
    public static final String DECIDED = "decided";

    /** Oldest first, ties by id: the order the merge carries decisions out in. */
    public static final Comparator<AgentDecision> ORDER = Comparator
            .comparing(AgentDecision::at, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(AgentDecision::id);

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<String> KNOWN = Set.of("schemaVersion", "id", "kind", "agent", "by", "at", "subject",
            "effect", "escalation", "from", "to");

    public enum Kind {
        APPROVE("approve"), DENY("deny"), PARTIAL("partial"), HANDOFF("handoff"), ASSIGN("assign"), AWARD("award"),
        RELEASE("release"), TAKEOVER("takeover"), UNBLOCK("unblock");

        private final String wire;

        Kind(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }

    /** The subject of decisions that set which issue an agent works on (assignments, taking over a handoff). */
    public static final String SUBJECT_WORK = "work";

    /** The subject of decisions that answer one escalation (an approval answered twice, on two clones). */
    public static String aboutEscalation(String escalationId) {
        return "escalation:" + escalationId;
    }

    /**
     * The subject of the lift of an agent's wait on one escalation: resolved on two clones, the later
     * lift is in effect. Apart from the escalation's own subject, which an answered approval about the
     * same agent has: the lift does not supersede the approval.
     */
    public static String liftOf(String escalationId) {
        return "blocker:" + escalationId;
    }

    public AgentDecision {
        Objects.requireNonNull(id);
        Objects.requireNonNull(agent);
        subject = subject == null ? id : subject;
        effect = effect == null ? Effect.NONE : effect;
        extra = extra == null ? Map.of() : Map.copyOf(extra);
    }

    public static AgentDecision of(String id, Kind kind, String agent, String by, Instant at, String subject,
                                   Effect effect, String escalation, String from, String to) {
        return new AgentDecision(id, kind.wire(), agent, by, at, subject, effect, escalation, from, to, Map.of());
    }

    public static String newId() {
        byte[] b = new byte[6];
        RANDOM.nextBytes(b);
        return "dec-" + HexFormat.of().formatHex(b);
    }

    public static boolean isValidId(String id) {
        return id != null && id.matches("dec-[0-9a-f]{4,32}");
    }

    public static String pathOf(String id) {
        return StorePaths.DECISIONS + "/" + id + ".json";
    }

    public String path() {
        return pathOf(id);
    }

    /** The decision ids carried out on {@code r}, in the order they were added. */
    public static List<String> decided(AgentRecord r) {
        JsonNode n = r == null ? null : r.extra().get(DECIDED);
        List<String> out = new ArrayList<>();
        if (n != null && n.isArray()) {
            n.forEach(id -> {
                if (id.isTextual()) {
                    out.add(id.asText());
                }
            });
        }
        return out;
    }

    /** {@code r} with {@code ids} added to its decided list (each once). */
    public static AgentRecord withDecided(AgentRecord r, List<String> ids) {
        LinkedHashSet<String> all = new LinkedHashSet<>(decided(r));
        if (!all.addAll(ids)) {
            return r;
        }
        ArrayNode list = Json.array();
        all.forEach(list::add);
        Map<String, JsonNode> extra = new LinkedHashMap<>(r.extra());
        extra.put(DECIDED, list);
        return r.toBuilder().extra(extra).build();
    }

    /**
     * What a decision does to the record, each part a pure, idempotent change: applying it twice is
     * applying it once. Lists are claim patterns as the record holds them.
     *
     * @param setsIssue    whether {@code issue} is set (null then clears it)
     * @param issue        the issue to set
     * @param releaseIssue cleared when it is the record's issue (the record may have moved on)
     * @param files        the file scope to set, or null to leave it
     * @param pendingFiles the pending patterns to set, or null to leave them
     * @param approve      pending patterns that become active (only those still pending)
     * @param withdraw     patterns dropped from the pending ones
     * @param drop         patterns dropped from files and pending ones
     * @param add          patterns added to the file scope
     * @param addPending   patterns added to the pending ones (unless active)
     * @param status       the status to set, or null
     * @param unblock      an escalation: when the record is still blocked on it, the wait is over
     *                     (status back to work, no blocker), or null
     */
    public record Effect(boolean setsIssue, Integer issue, Integer releaseIssue, List<String> files,
                         List<String> pendingFiles, List<String> approve, List<String> withdraw, List<String> drop,
                         List<String> add, List<String> addPending, String status, String unblock) {
        public static final Effect NONE = new Effect(false, null, null, null, null, null, null, null, null, null, null,
                null);

        public Effect {
            files = files == null ? null : List.copyOf(files);
            pendingFiles = pendingFiles == null ? null : List.copyOf(pendingFiles);
            approve = approve == null ? List.of() : List.copyOf(approve);
            withdraw = withdraw == null ? List.of() : List.copyOf(withdraw);
            drop = drop == null ? List.of() : List.copyOf(drop);
            add = add == null ? List.of() : List.copyOf(add);
            addPending = addPending == null ? List.of() : List.copyOf(addPending);
        }

        /** An approval answered: {@code approved} pending patterns become active, {@code denied} are dropped. */
        public static Effect answered(List<String> approved, List<String> denied) {
            return new Effect(false, null, null, null, null, approved, denied, null, null, null, null, null);
        }

        /** Claims taken away: the issue when it is still the record's, and the patterns. */
        public static Effect released(Integer issue, List<String> patterns, String status) {
            return new Effect(false, null, issue, null, null, null, null, patterns, null, null, status, null);
        }

        /** Work given: the issue, and the scope as set ({@code null}s leave it). */
        public static Effect work(Integer issue, List<String> files, List<String> pendingFiles) {
            return new Effect(true, issue, null, files, pendingFiles, null, null, null, null, null, null, null);
        }

        /** Work taken over: the issue, and patterns added to the scope. */
        public static Effect takenOver(Integer issue, List<String> add, List<String> addPending) {
            return new Effect(true, issue, null, null, null, null, null, null, add, addPending, null, null);
        }

        /** The wait on {@code escalation} lifted: only while the record is still blocked on it. */
        public static Effect lifted(String escalation) {
            return new Effect(false, null, null, null, null, null, null, null, null, null, null, escalation);
        }

        ObjectNode toJson() {
            ObjectNode o = Json.object();
            if (setsIssue) {
                if (issue == null) {
                    o.putNull("issue");
                } else {
                    o.put("issue", issue);
                }
            }
            if (releaseIssue != null) {
                o.put("releaseIssue", releaseIssue);
            }
            putList(o, "files", files);
            putList(o, "pendingFiles", pendingFiles);
            putNonEmpty(o, "approve", approve);
            putNonEmpty(o, "withdraw", withdraw);
            putNonEmpty(o, "drop", drop);
            putNonEmpty(o, "add", add);
            putNonEmpty(o, "addPending", addPending);
            if (status != null) {
                o.put("status", status);
            }
            if (unblock != null) {
                o.put("unblock", unblock);
            }
            return o;
        }

        static Effect fromJson(JsonNode o) throws StatusCodec.FormatException {
            if (o == null || o.isNull()) {
                return NONE;
            }
            if (!o.isObject()) {
                throw new StatusCodec.FormatException("\"effect\" is not an object", false);
            }
            JsonNode issue = o.get("issue");
            JsonNode release = o.get("releaseIssue");
            JsonNode status = o.get("status");
            return new Effect(issue != null, number(issue, "issue"), number(release, "releaseIssue"),
                    list(o, "files"), list(o, "pendingFiles"), list(o, "approve"), list(o, "withdraw"), list(o, "drop"),
                    list(o, "add"), list(o, "addPending"), text(status, "status"), text(o.get("unblock"), "unblock"));
        }

        private static String text(JsonNode n, String field) throws StatusCodec.FormatException {
            if (n == null || n.isNull()) {
                return null;
            }
            if (!n.isTextual()) {
                throw new StatusCodec.FormatException("\"" + field + "\" is not text", false);
            }
            return n.textValue();
        }

        private static Integer number(JsonNode n, String field) throws StatusCodec.FormatException {
            if (n == null || n.isNull()) {
                return null;
            }
            if (!n.isIntegralNumber() || !n.canConvertToInt()) {
                throw new StatusCodec.FormatException("\"" + field + "\" is not a whole number", false);
            }
            return n.intValue();
        }

        private static List<String> list(JsonNode o, String field) throws StatusCodec.FormatException {
            JsonNode n = o.get(field);
            if (n == null || n.isNull()) {
                return null;
            }
            if (!n.isArray()) {
                throw new StatusCodec.FormatException("\"" + field + "\" is not a list", false);
            }
            List<String> out = new ArrayList<>();
            for (JsonNode item : n) {
                if (!item.isTextual()) {
                    throw new StatusCodec.FormatException("\"" + field + "\" holds a non-text entry", false);
                }
                out.add(item.asText());
            }
            return out;
        }

        private static void putList(ObjectNode o, String field, List<String> values) {
            if (values != null) {
                values.forEach(o.putArray(field)::add);
            }
        }

        private static void putNonEmpty(ObjectNode o, String field, List<String> values) {
            if (!values.isEmpty()) {
                values.forEach(o.putArray(field)::add);
            }
        }
    }

    public ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("schemaVersion", 1);
        o.put("id", id);
        o.put("kind", kind);
        o.put("agent", agent);
        if (by != null) {
            o.put("by", by);
        }
        o.put("at", StatusCodec.formatInstant(at));
        o.put("subject", subject);
        o.set("effect", effect.toJson());
        if (escalation != null) {
            o.put("escalation", escalation);
        }
        if (from != null) {
            o.put("from", from);
        }
        if (to != null) {
            o.put("to", to);
        }
        extra.forEach(o::set);
        return o;
    }

    public static byte[] write(AgentDecision d) {
        return Json.prettyBytes(d.toJson());
    }

    public static AgentDecision parse(byte[] bytes) throws StatusCodec.FormatException {
        RecordFields f = RecordFields.file(bytes);
        String id = f.text("id");
        String agent = f.text("agent");
        if (!isValidId(id) || agent == null) {
            throw new StatusCodec.FormatException("not a decision (no valid \"id\" or no \"agent\")", false);
        }
        return new AgentDecision(id, f.text("kind"), agent, f.text("by"), f.instant("at"), f.text("subject"),
                Effect.fromJson(f.node().get("effect")), f.text("escalation"), f.text("from"), f.text("to"),
                f.unknown(KNOWN));
    }
}

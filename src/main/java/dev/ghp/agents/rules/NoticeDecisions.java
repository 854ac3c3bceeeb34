package dev.ghp.agents.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghp.agents.model.AgentDecision;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.model.Message;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Ties a notice to the decision file it reports (#22). Written in one commit, the notice names the
 * decision ({@code "decision": "dec-…"}) and the decision names the notice and a hash of its kind
 * and text ({@code "notice": {"id": "msg-…", "sha256": "…"}}). A decision file is never changed
 * once written, so it backs the notice for as long as it is kept, whatever later writes do to the
 * agent table; a forged notice would need a forged decision, which is a forged record.
 */
public final class NoticeDecisions {
    /** The decision field that names the notice told of it. */
    public static final String NOTICE = "notice";
    /** The notice kinds a decision can back: assignments (and claims moved by one), handoffs, claims awarded or released. */
    static final Set<String> KINDS = Set.of(Message.Kind.ASSIGNMENT.wire(), Message.Kind.HANDOFF.wire(),
            Message.Kind.CLAIM.wire());

    private NoticeDecisions() {
    }

    /** The decisions and notices of one change, each notice a decision can back tied to one. */
    public record Bound(List<AgentDecision> decisions, List<Message> notices) {
    }

    /**
     * Ties each notice of {@link #KINDS} to the first decision not yet tied that is about its
     * recipient and made by its sender; the others are left as they are.
     */
    public static Bound bind(List<AgentDecision> decisions, List<Message> notices) {
        List<AgentDecision> outDecisions = new ArrayList<>(decisions);
        List<Message> outNotices = new ArrayList<>();
        Set<Integer> tied = new HashSet<>();
        for (Message m : notices) {
            Message out = m;
            if (KINDS.contains(m.kind()) && m.decision() == null) {
                for (int i = 0; i < outDecisions.size(); i++) {
                    AgentDecision d = outDecisions.get(i);
                    if (!tied.contains(i) && !d.extra().containsKey(NOTICE) && about(d, m)) {
                        outDecisions.set(i, told(d, m));
                        out = m.withDecision(d.id());
                        tied.add(i);
                        break;
                    }
                }
            }
            outNotices.add(out);
        }
        return new Bound(outDecisions, outNotices);
    }

    /** Whether {@code d} backs {@code m}: it is about the recipient, made by the sender, and names this notice with this text. */
    public static boolean backs(AgentDecision d, Message m) {
        JsonNode notice = d.extra().get(NOTICE);
        return notice != null && notice.isObject() && about(d, m) && d.id().equals(m.decision())
                && m.id().equals(notice.path("id").asText(null))
                && fingerprint(m).equals(notice.path("sha256").asText(null));
    }

    private static boolean about(AgentDecision d, Message m) {
        return d.agent().equals(m.to()) && Objects.equals(sender(d), m.from());
    }

    /** Who sends the notice of {@code d}: its maker; the stale policy's releases are told by the tool. */
    private static String sender(AgentDecision d) {
        return StaleRelease.BY.equals(d.by()) ? Message.TOOL : d.by();
    }

    private static AgentDecision told(AgentDecision d, Message m) {
        ObjectNode notice = Json.object();
        notice.put("id", m.id());
        notice.put("sha256", fingerprint(m));
        Map<String, JsonNode> extra = new LinkedHashMap<>(d.extra());
        extra.put(NOTICE, notice);
        return new AgentDecision(d.id(), d.kind(), d.agent(), d.by(), d.at(), d.subject(), d.effect(), d.escalation(),
                d.from(), d.to(), extra);
    }

    /** The hash of what the notice says: its kind and its text. */
    static String fingerprint(Message m) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((m.kind() + "\n" + (m.text() == null ? "" : m.text())).getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}

package dev.ghp.agents.rules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ghp.agents.model.AgentRecord;
import dev.ghp.agents.model.ClaimNotes;
import dev.ghp.agents.model.Message;
import dev.ghp.agents.model.StatusCodec;
import dev.ghp.agents.model.StatusDocument;
import dev.ghp.agents.text.Durations;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The notices a write of the agent table causes, found by comparing the table before the write
 * with the table it writes: so that every writer (heartbeat, sign-off, assignment, handoff, award,
 * the status pass) tells the agents concerned in the same commit, by one rule, without each
 * writer knowing who waits on whom. Pure: tables in, messages out.
 *
 * <p>A notice is sent on the change, not on the state: an agent blocked on one that finished is
 * told by the write that finished it, once. Staleness is the exception (no write makes an agent
 * stale; time does), so a stale blocker's notice has an id made from the blocked agent, the blocker
 * and the blocker's last stamp: any later write sees it was sent already, and a blocker that comes
 * back and goes silent again is a new notice.
 */
public final class ChangeNotices {
    /** The blocker states that end a wait the blocked agent was told of by a write. */
    private static final Set<Blocking.State> OVER = Set.of(Blocking.State.DONE, Blocking.State.SIGNED_OFF,
            Blocking.State.UNCLAIMED);
    /** The blocker states of a wait that was still on before the write. */
    private static final Set<Blocking.State> ON = Set.of(Blocking.State.ACTIVE, Blocking.State.BLOCKED,
            Blocking.State.STALE);

    private ChangeNotices() {
    }

    /** The claim and blocker notices of a write from {@code before} to {@code after} by {@code actor}. */
    public static List<Message> of(StatusDocument before, StatusDocument after, String actor, StaleDetector detector,
                                   Instant now) {
        List<Message> out = new ArrayList<>(claims(before, after, actor, now));
        out.addAll(blockers(before, after, actor, detector, now));
        return out;
    }

    /**
     * The claim events ({@link ClaimNotes#RELEASED}) the write added: each agent that lost a claim
     * (taken over by another, released by the stale policy, awarded to another) is told what, to
     * whom, why and by whom, once per write.
     */
    public static List<Message> claims(StatusDocument before, StatusDocument after, String actor, Instant now) {
        List<Message> out = new ArrayList<>();
        for (Map.Entry<String, List<JsonNode>> e : lostClaims(before, after).entrySet()) {
            for (JsonNode event : e.getValue()) {
                String text = "Claim released: " + ClaimNotes.describe(event);
                if (!text.contains(actor)) {
                    text += " (written by " + actor + ")";
                }
                Integer issue = event.hasNonNull("issue") ? event.get("issue").asInt() : null;
                out.add(Message.unread(Message.newId(), Message.Kind.CLAIM, actor, e.getKey(), e.getKey(), text, issue,
                        now));
            }
        }
        return out;
    }

    /** For each agent that lost claims in the write, the release events the write added (oldest first). */
    public static Map<String, List<JsonNode>> lostClaims(StatusDocument before, StatusDocument after) {
        Map<String, List<JsonNode>> out = new LinkedHashMap<>();
        after.agents().forEach((name, r) -> {
            List<JsonNode> had = ClaimNotes.released(before.agents().get(name));
            List<JsonNode> added = ClaimNotes.released(r).stream().filter(ev -> !had.contains(ev)).toList();
            if (!added.isEmpty()) {
                out.put(name, added);
            }
        });
        return out;
    }

    /**
     * Agents blocked on an agent or an issue (not an escalation: see {@link Unblocking}) whose
     * blocker the write finished, signed off or left unheld, and those whose blocker is stale.
     *
     * @param detector the stale limit, or null to leave staleness out
     */
    public static List<Message> blockers(StatusDocument before, StatusDocument after, String actor,
                                         StaleDetector detector, Instant now) {
        return blockers(before, after, actor, "written by " + actor, detector, now, false);
    }

    /**
     * {@link #blockers} for what a sync took in ({@link SyncNotices}): the notice says the change came
     * from another clone, and a blocker's end has an id made from the blocked agent, the blocker and
     * how it ended, so a sync that runs again (a lost push race) writes it once.
     */
    static List<Message> blockersArrived(StatusDocument before, StatusDocument after, StaleDetector detector,
                                         Instant now) {
        return blockers(before, after, Message.TOOL, "arrived from another clone with agent-sync", detector, now, true);
    }

    private static List<Message> blockers(StatusDocument before, StatusDocument after, String actor, String source,
                                          StaleDetector detector, Instant now, boolean idFromCause) {
        StaleDetector limit = detector != null ? detector : new StaleDetector(Duration.ofDays(36_500));
        Map<String, Blocking.Blocker> was = Blocking.blockers(before, limit, now, id -> Optional.empty());
        Map<String, Blocking.Blocker> is = Blocking.blockers(after, limit, now, id -> Optional.empty());
        List<Message> out = new ArrayList<>();
        for (Map.Entry<String, Blocking.Blocker> e : is.entrySet()) {
            String blocked = e.getKey();
            Blocking.Blocker now1 = e.getValue();
            if (now1.ref().startsWith("esc-")) {
                continue;
            }
            Blocking.Blocker then = was.get(blocked);
            boolean sameWait = then != null && then.ref().equals(now1.ref());
            if (sameWait && OVER.contains(now1.state()) && ON.contains(then.state())) {
                String id = idFromCause ? staleId("over|" + blocked + "|" + now1.ref() + "|" + now1.state()
                        + stamps(then.agents(), after)) : Message.newId();
                out.add(Message.unread(id, Message.Kind.BLOCKER, actor, blocked, blocked, over(now1, then, source),
                        issueOf(now1.ref()), now));
            } else if (detector != null && now1.state() == Blocking.State.STALE) {
                out.add(stale(blocked, now1, after, detector, actor, now));
            }
        }
        return out;
    }

    private static String over(Blocking.Blocker now, Blocking.Blocker then, String source) {
        String ref = now.ref();
        return switch (now.state()) {
            case DONE -> "Blocker " + ref + " finished: " + (ref.startsWith("#") ? String.join(", ", then.agents())
                    + " reported done" : ref + " reported done") + " (" + source + ")";
            case SIGNED_OFF -> "Blocker " + ref + " signed off: its entry was removed (" + source + ")";
            default -> "Blocker " + ref + ": no live agent holds it any more; it was held by "
                    + String.join(", ", then.agents()) + " (" + source + ")";
        };
    }

    /** A stale blocker's notice: its id is the same for as long as the blocker stays silent with the same stamp. */
    private static Message stale(String blocked, Blocking.Blocker b, StatusDocument doc, StaleDetector detector,
                                 String actor, Instant now) {
        List<String> parts = new ArrayList<>();
        StringBuilder key = new StringBuilder(blocked).append('|').append(b.ref());
        for (String agent : b.agents()) {
            AgentRecord r = doc.agents().get(agent);
            Instant seen = r == null ? null : r.timestamp();
            key.append('|').append(agent).append('@').append(seen == null ? "never" : StatusCodec.formatInstant(seen));
            if (r != null && detector.view(agent, r, now).stale()) {
                parts.add(agent + (seen == null ? " (never reported a time)"
                        : " (silent for " + Durations.brief(Duration.between(seen, now)) + ")"));
            }
        }
        String text = "Blocker " + b.ref() + " went stale: " + String.join(", ", parts) + "; the stale limit is "
                + Durations.brief(detector.staleAfter()) + " (seen by " + actor + ")";
        return Message.unread(staleId(key.toString()), Message.Kind.BLOCKER, actor, blocked, blocked, text,
                issueOf(b.ref()), now);
    }

    /** Each agent with its last stamp in {@code doc} ("gone" when it has no entry): what makes an event unique. */
    private static String stamps(List<String> agents, StatusDocument doc) {
        StringBuilder out = new StringBuilder();
        for (String agent : agents) {
            AgentRecord r = doc.agents().get(agent);
            out.append('|').append(agent).append('@').append(r == null ? "gone"
                    : r.timestamp() == null ? "never" : StatusCodec.formatInstant(r.timestamp()));
        }
        return out.toString();
    }

    static String staleId(String key) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return "msg-" + HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static Integer issueOf(String ref) {
        return ref.startsWith("#") ? Integer.valueOf(ref.substring(1)) : null;
    }
}

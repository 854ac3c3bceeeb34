package dev.ghp.agents.rules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ghp.agents.model.AgentDecision;
import dev.ghp.agents.model.AgentRecord;
import dev.ghp.agents.model.ClaimNotes;
import dev.ghp.agents.model.Escalation;
import dev.ghp.agents.model.Message;
import dev.ghp.agents.model.StatusDocument;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether the record backs a notice, that is, a message of a kind only the tool writes. Anyone who
 * can push to the record can put any file in an inbox, so a notice is taken as the tool's only
 * when what it reports is in the record (docs/authority.md, "Which notices the record backs"):
 * <ul>
 * <li>an answer or an approval's decision is the text the tool writes for an escalation that
 * exists, is resolved, concerns the recipient and was resolved by the sender; an overlap names a
 * conflict the sender opened against the recipient; a lead's escalation notice is the one the tool
 * writes for an escalation that exists; a blocker notice of a resolved escalation is the text the
 * tool writes for it, from its resolver;</li>
 * <li>an assignment, a handoff, or a claim awarded or released by a decision names its decision
 * file, which names the notice and the hash of its text ({@link NoticeDecisions});</li>
 * <li>a claim notice without a decision (a claim taken over) is the text the tool writes for a
 * release event the recipient's entry still holds;</li>
 * <li>a blocker notice about an agent or an issue has the tool's words, and the table at delivery
 * still shows what it says (the agent done or gone, signed off, nobody live holding the issue, the
 * holders stale).</li>
 * </ul>
 * One that is not backed is shown marked unverified and counts as an ordinary message from its
 * sender (docs/authority.md, "What a hostile clone with push access can and cannot do").
 */
public final class NoticeBacking {
    private static final Pattern RESOLVED = Pattern.compile("^(?:Approval )?(esc-[0-9a-f]{4,32})[ (]");
    private static final Pattern OPENED = Pattern.compile("^Escalation (esc-[0-9a-f]{4,32}) \\(");
    private static final Pattern OVERLAP = Pattern.compile("; conflict (esc-[0-9a-f]{4,32}) was opened for a human to decide$");

    /** A name in a blocker notice: an agent (no spaces, commas or brackets) or {@code #N}. */
    private static final String NAME = "[^\\s,()]+";
    private static final String NAMES = NAME + "(?:, " + NAME + ")*";
    private static final String SOURCE = "\\((?:written by (?<by>.+)|arrived from another clone with agent-sync)\\)";
    private static final Pattern FINISHED = Pattern.compile(
            "Blocker (?<ref>" + NAME + ") finished: (?<who>" + NAMES + ") reported done " + SOURCE);
    private static final Pattern SIGNED_OFF = Pattern.compile(
            "Blocker (?<ref>" + NAME + ") signed off: its entry was removed " + SOURCE);
    private static final Pattern UNHELD = Pattern.compile(
            "Blocker (?<ref>#[0-9]+): no live agent holds it any more; it was held by " + NAMES + " " + SOURCE);
    private static final Pattern STALE = Pattern.compile("Blocker (?<ref>" + NAME + ") went stale: " + NAME
            + " \\((?:silent for [0-9a-z ]+|never reported a time)\\)(?:, " + NAME
            + " \\((?:silent for [0-9a-z ]+|never reported a time)\\))*; the stale limit is [0-9a-z ]+ \\(seen by (?<by>.+)\\)");
    private static final Pattern UNBLOCKED = Pattern.compile("^Blocker (esc-[0-9a-f]{4,32}) \\(");

    private NoticeBacking() {
    }

    /**
     * The record as the delivery read it.
     *
     * @param escalations an escalation by id, if it is there and reads
     * @param decisions   a decision file by id, if it is there and reads
     * @param status      the agent table
     * @param live        whether an agent of the table is live (not stale, not done) by the stale rule
     */
    public record Record(Function<String, Optional<Escalation>> escalations,
                         Function<String, Optional<AgentDecision>> decisions, StatusDocument status,
                         BiPredicate<String, AgentRecord> live) {
    }

    /** Whether {@code m} claims to be the tool's and the record does not back it. */
    public static boolean unverified(Message m, Record record) {
        Function<String, Optional<Escalation>> escalations = record.escalations();
        Optional<Message.Kind> kind = Message.Kind.fromWire(m.kind());
        if (kind.isPresent() && kind.get() == Message.Kind.MESSAGE) {
            return false;
        }
        if (kind.isEmpty()) {
            return true; // a kind this version does not know: nothing here can back it
        }
        return switch (kind.get()) {
            case ANSWER, APPROVAL -> !resolvedBacks(m, escalations);
            case OVERLAP -> !overlapBacks(m, escalations);
            case ESCALATION -> !openedBacks(m, escalations);
            case ASSIGNMENT, HANDOFF -> !decisionBacks(m, record);
            case CLAIM -> !(m.decision() != null ? decisionBacks(m, record) : releaseBacks(m, record.status()));
            case BLOCKER -> !blockerBacks(m, record);
            default -> false;
        };
    }

    private static boolean decisionBacks(Message m, Record record) {
        if (m.decision() == null) {
            return false;
        }
        Optional<AgentDecision> d = record.decisions().apply(m.decision());
        return d.isPresent() && NoticeDecisions.backs(d.get(), m);
    }

    /** A claim taken over: the recipient's entry still holds the release event, and the text is the tool's for it. */
    private static boolean releaseBacks(Message m, StatusDocument status) {
        AgentRecord r = m.to() == null ? null : status.agents().get(m.to());
        if (r == null || m.text() == null || m.from() == null) {
            return false;
        }
        for (JsonNode event : ClaimNotes.released(r)) {
            String text = "Claim released: " + ClaimNotes.describe(event);
            String written = text.contains(m.from()) ? text : text + " (written by " + m.from() + ")";
            String arrived = text + " (arrived from another clone with agent-sync)";
            if (m.text().equals(written) || (Message.TOOL.equals(m.from()) && m.text().equals(arrived))) {
                return true;
            }
        }
        return false;
    }

    private static boolean blockerBacks(Message m, Record record) {
        String text = m.text() == null ? "" : m.text();
        Matcher unblocked = UNBLOCKED.matcher(text);
        if (unblocked.find()) {
            Optional<Escalation> e = record.escalations().apply(unblocked.group(1));
            return e.isPresent() && !e.get().isOpen() && m.from() != null && m.from().equals(e.get().resolvedBy())
                    && text.equals(Unblocking.text(e.get(), m.from()));
        }
        StatusDocument status = record.status();
        Matcher finished = FINISHED.matcher(text);
        if (finished.matches() && saidBy(finished, m)) {
            return holders(finished.group("ref"), status).stream().allMatch(AgentRecord::isDone)
                    && (finished.group("ref").startsWith("#") || finished.group("ref").equals(finished.group("who")));
        }
        Matcher signedOff = SIGNED_OFF.matcher(text);
        if (signedOff.matches() && saidBy(signedOff, m)) {
            return !signedOff.group("ref").startsWith("#") && !status.agents().containsKey(signedOff.group("ref"));
        }
        Matcher unheld = UNHELD.matcher(text);
        if (unheld.matches() && saidBy(unheld, m)) {
            return status.agents().entrySet().stream().noneMatch(e -> holds(e.getValue(), unheld.group("ref"))
                    && record.live().test(e.getKey(), e.getValue()));
        }
        Matcher stale = STALE.matcher(text);
        if (stale.matches() && m.from() != null && m.from().equals(stale.group("by"))) {
            List<Map.Entry<String, AgentRecord>> holding = status.agents().entrySet().stream()
                    .filter(e -> stale.group("ref").startsWith("#") ? holds(e.getValue(), stale.group("ref"))
                            : e.getKey().equals(stale.group("ref"))).toList();
            return !holding.isEmpty() && holding.stream().noneMatch(e -> e.getValue().isDone()
                    || record.live().test(e.getKey(), e.getValue()));
        }
        return false;
    }

    /** The source in the text names the sender ("written by X"), or the tool told of a sync. */
    private static boolean saidBy(Matcher source, Message m) {
        String by = source.group("by");
        return m.from() != null && (by == null ? Message.TOOL.equals(m.from()) : by.equals(m.from()));
    }

    /** The entries a blocker reference names: the agent, or every holder of the issue. */
    private static List<AgentRecord> holders(String ref, StatusDocument status) {
        if (!ref.startsWith("#")) {
            AgentRecord r = status.agents().get(ref);
            return r == null ? List.of() : List.of(r);
        }
        return status.agents().values().stream().filter(r -> holds(r, ref)).toList();
    }

    private static boolean holds(AgentRecord r, String issueRef) {
        return r.issue() != null && ("#" + r.issue()).equals(issueRef);
    }

    private static boolean resolvedBacks(Message m, Function<String, Optional<Escalation>> escalations) {
        Matcher id = RESOLVED.matcher(m.text() == null ? "" : m.text());
        if (!id.find()) {
            return false;
        }
        Optional<Escalation> found = escalations.apply(id.group(1));
        if (found.isEmpty() || found.get().isOpen() || found.get().resolvedBy() == null
                || !found.get().resolvedBy().equals(m.from())) {
            return false;
        }
        Escalation e = found.get();
        return Notices.resolved(e, e.resolvedBy(), Instant.EPOCH).stream()
                .anyMatch(n -> n.to().equals(m.to()) && n.kind().equals(m.kind()) && n.text().equals(m.text()));
    }

    private static boolean overlapBacks(Message m, Function<String, Optional<Escalation>> escalations) {
        Matcher id = OVERLAP.matcher(m.text() == null ? "" : m.text());
        if (!id.find()) {
            return false;
        }
        Optional<Escalation> e = escalations.apply(id.group(1));
        return e.isPresent() && e.get().isKind(Escalation.Kind.CONFLICT) && m.from() != null
                && m.from().equals(e.get().agent()) && e.get().agents().contains(m.to());
    }

    private static boolean openedBacks(Message m, Function<String, Optional<Escalation>> escalations) {
        Matcher id = OPENED.matcher(m.text() == null ? "" : m.text());
        if (!id.find()) {
            return false;
        }
        Optional<Escalation> e = escalations.apply(id.group(1));
        return e.isPresent() && Message.TOOL.equals(m.from()) && m.to() != null
                && m.id().equals(LeadNotices.id(m.to(), e.get())) && m.text().equals(LeadNotices.text(e.get()));
    }
}

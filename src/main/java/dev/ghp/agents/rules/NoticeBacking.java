package dev.ghp.agents.rules;

import dev.ghp.agents.model.Escalation;
import dev.ghp.agents.model.Message;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether the record backs a notice, that is, a message of a kind only the tool writes. Anyone who
 * can push to the record can put any file in an inbox, so a notice is taken as the tool's only
 * when what it reports is in the record: an answer or an approval's decision is the text the tool
 * writes for an escalation that exists, is resolved, concerns the recipient and was resolved by the
 * sender; an overlap names a conflict the sender opened against the recipient; a lead's escalation
 * notice is the one the tool writes for an escalation that exists. One that is not
 * backed is shown marked unverified and counts as an ordinary message from its sender
 * (docs/authority.md, "What a hostile clone with push access can and cannot do").
 *
 * <p>Blocker, claim, assignment and handoff notices report a change of the agent table, which later
 * writes overwrite: the record cannot show afterwards that it happened, so they are not checked.
 */
public final class NoticeBacking {
    private static final Pattern RESOLVED = Pattern.compile("^(?:Approval )?(esc-[0-9a-f]{4,32})[ (]");
    private static final Pattern OPENED = Pattern.compile("^Escalation (esc-[0-9a-f]{4,32}) \\(");
    private static final Pattern OVERLAP = Pattern.compile("; conflict (esc-[0-9a-f]{4,32}) was opened for a human to decide$");

    private NoticeBacking() {
    }

    /** Whether {@code m} claims to be the tool's and the record does not back it. */
    public static boolean unverified(Message m, Function<String, Optional<Escalation>> escalations) {
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
            default -> false;
        };
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

package dev.ghp.agents.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghp.agents.errors.UsageException;
import dev.ghp.agents.model.AgentStatus;
import dev.ghp.agents.model.Escalation;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.rules.AgentView;
import dev.ghp.agents.text.Printable;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What {@code agent-status --check} fails on ({@code --fail-on}), and which of it one status answer
 * shows: each condition that failed, with the agents or escalations that made it fail, so a CI log
 * says what needs a human without a second command.
 */
final class StatusCheck {

    /** The conditions --fail-on names. */
    enum Condition {
        /** An agent shown is stale (silent over the limit, or stamped in the future). */
        STALE,
        /** An escalation shown is open, whatever its kind (approvals included). */
        ESCALATIONS,
        /** An approval request shown is open. */
        APPROVALS,
        /** An agent shown reports the status {@code blocked}. */
        BLOCKED;

        String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Today's --check, and the default: what can never be right to leave alone. */
    static final Set<Condition> DEFAULT = EnumSet.of(Condition.STALE, Condition.ESCALATIONS);

    /** @param agents the agents that made it fail; @param escalations the escalations that did */
    record Failure(Condition condition, List<String> agents, List<Escalation> escalations) {
    }

    private final Set<Condition> failOn;

    private StatusCheck(Set<Condition> failOn) {
        this.failOn = failOn;
    }

    /** From --fail-on's values (each a comma list; the option may repeat); none given: {@link #DEFAULT}. */
    static StatusCheck of(List<String> values) {
        if (values == null || values.isEmpty()) {
            return new StatusCheck(DEFAULT);
        }
        Set<Condition> set = EnumSet.noneOf(Condition.class);
        for (String value : values) {
            String v = value.trim().toLowerCase(Locale.ROOT);
            set.add(java.util.Arrays.stream(Condition.values()).filter(c -> c.wire().equals(v)).findFirst()
                    .orElseThrow(() -> new UsageException("--fail-on takes stale, escalations, approvals or blocked, got '"
                            + Printable.quote(value) + "'")));
        }
        return new StatusCheck(set);
    }

    Set<Condition> failOn() {
        return failOn;
    }

    /** The conditions of --fail-on that this answer meets, in the order of {@link Condition}. */
    List<Failure> failures(StatusPass.Result pass) {
        List<Failure> out = new ArrayList<>();
        for (Condition c : failOn) {
            Failure f = switch (c) {
                case STALE -> new Failure(c, pass.views().stream().filter(AgentView::stale).map(AgentView::name).toList(),
                        List.of());
                case BLOCKED -> new Failure(c, pass.views().stream()
                        .filter(v -> AgentStatus.BLOCKED.wire().equals(v.record().status()))
                        .map(AgentView::name).toList(), List.of());
                case ESCALATIONS -> new Failure(c, List.of(), pass.escalations());
                case APPROVALS -> new Failure(c, List.of(), pass.escalations().stream()
                        .filter(e -> e.isKind(Escalation.Kind.APPROVAL)).toList());
            };
            if (!f.agents().isEmpty() || !f.escalations().isEmpty()) {
                out.add(f);
            }
        }
        return out;
    }

    /** One line per failed condition, for the end of the text output. */
    static String text(List<Failure> failures) {
        StringBuilder b = new StringBuilder();
        for (Failure f : failures) {
            b.append("✗ --check failed on ").append(f.condition().wire()).append(": ");
            if (!f.escalations().isEmpty()) {
                b.append(String.join(", ", f.escalations().stream().map(e -> e.id() + " (" + Printable.line(e.kind())
                        + (e.agent() == null ? "" : ", " + Printable.line(e.agent())) + ")").toList()));
            } else {
                b.append(String.join(", ", f.agents().stream().map(Printable::line).toList()));
            }
            b.append('\n');
        }
        return b.toString();
    }

    /** {@code "check": {"failOn": [...], "failed": [{"condition", "agents" | "escalations"}]}}. */
    ObjectNode json(List<Failure> failures) {
        ObjectNode check = Json.object();
        var on = check.putArray("failOn");
        failOn.forEach(c -> on.add(c.wire()));
        var failed = check.putArray("failed");
        for (Failure f : failures) {
            ObjectNode o = failed.addObject();
            o.put("condition", f.condition().wire());
            if (f.condition() == Condition.STALE || f.condition() == Condition.BLOCKED) {
                var names = o.putArray("agents");
                f.agents().forEach(names::add);
            } else {
                var ids = o.putArray("escalations");
                f.escalations().forEach(e -> ids.add(e.id()));
            }
        }
        return check;
    }
}

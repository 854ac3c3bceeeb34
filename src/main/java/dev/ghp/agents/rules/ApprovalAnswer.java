package dev.ghp.agents.rules;

import dev.ghp.agents.errors.UsageException;
import dev.ghp.agents.model.Escalation;
import dev.ghp.agents.rules.scope.ScopePattern;
import dev.ghp.agents.text.Printable;
import java.util.ArrayList;
import java.util.List;

/**
 * The answer to an approval request, pattern by pattern: which of the patterns it asked for are
 * approved and which denied. {@code --approve} alone approves every pattern not denied by name,
 * {@code --deny} alone denies every pattern not approved by name, so one request can be answered
 * in part ({@code --approve docs/** --deny /README.md}). Patterns are compared as claims are
 * ({@code README.md} is {@code /README.md}).
 *
 * @param approved the request's patterns approved, as the request wrote them
 * @param denied   the request's patterns denied, as the request wrote them
 * @param decision {@code approved}, {@code denied}, or {@code partial} when some of each
 */
public record ApprovalAnswer(List<String> approved, List<String> denied, String decision) {
    /** What {@code --approve} or {@code --deny} given without a pattern holds: "every other pattern". */
    public static final String REST = "\u0000rest"; // cannot come from a command line

    /** The answer recorded when none is given: the decision, and for a partial one each part. */
    public String summary() {
        if (!decision().equals(Escalation.PARTIAL)) {
            return decision();
        }
        return "approved " + String.join(", ", approved) + "; denied " + String.join(", ", denied);
    }

    /**
     * @param asked   the patterns the request asked for ({@link Escalation#files()})
     * @param approve {@code --approve} values ({@link #REST} for none given), null when not given
     * @param deny    {@code --deny} values, null when not given
     * @throws UsageException for a pattern the request did not ask for, one both approved and
     *                        denied, or one left unanswered
     */
    public static ApprovalAnswer of(String id, List<String> asked, List<String> approve, List<String> deny) {
        boolean approveRest = approve != null && approve.contains(REST);
        boolean denyRest = deny != null && deny.contains(REST);
        if (approveRest && denyRest) {
            throw new UsageException("--approve and --deny exclude each other",
                    "name the patterns of one of them: --approve docs/** --deny /README.md");
        }
        List<String> namedApproved = named(id, asked, approve);
        List<String> namedDenied = named(id, asked, deny);
        for (String p : namedApproved) {
            if (namedDenied.contains(p)) {
                throw new UsageException(Printable.line(p) + " is both approved and denied", "give it to one of --approve and --deny");
            }
        }
        List<String> approved = new ArrayList<>();
        List<String> denied = new ArrayList<>();
        List<String> unanswered = new ArrayList<>();
        for (String p : asked) {
            if (namedApproved.contains(p) || (approveRest && !namedDenied.contains(p))) {
                approved.add(p);
            } else if (namedDenied.contains(p) || denyRest) {
                denied.add(p);
            } else {
                unanswered.add(p);
            }
        }
        if (!unanswered.isEmpty()) {
            throw new UsageException(id + " also asks for " + String.join(", ", unanswered.stream().map(Printable::line).toList())
                    + ": approve or deny it too (nothing was changed)",
                    "--approve or --deny without a pattern answers every pattern not named");
        }
        // A request that names no pattern (written by an older tool) takes the option's word.
        String decision = denied.isEmpty() && (approveRest || !approved.isEmpty()) ? Escalation.APPROVED
                : approved.isEmpty() ? Escalation.DENIED : Escalation.PARTIAL;
        return new ApprovalAnswer(List.copyOf(approved), List.copyOf(denied), decision);
    }

    /** The request's patterns that {@code given} names, as the request wrote them. */
    private static List<String> named(String id, List<String> asked, List<String> given) {
        List<String> out = new ArrayList<>();
        if (given == null) {
            return out;
        }
        for (String g : given) {
            if (g.equals(REST)) {
                continue;
            }
            ScopePattern gp = ScopePattern.parse(g);
            String match = asked.stream().filter(a -> gp.equals(Claims.parseStored(a))).findFirst()
                    .orElseThrow(() -> new UsageException(id + " does not ask for " + Printable.line(g) + " (nothing was changed)",
                            "it asks for: " + String.join(", ", asked.stream().map(Printable::line).toList())));
            if (!out.contains(match)) {
                out.add(match);
            }
        }
        return out;
    }
}

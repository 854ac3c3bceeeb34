package dev.ghp.agents.rules;

import dev.ghp.agents.model.AgentRecord;
import dev.ghp.agents.model.StatusDocument;
import dev.ghp.agents.rules.scope.ScopePattern;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The commit guard's rules: a commit may not touch a file in another live agent's active file
 * scope, and an agent may not commit a shared file ({@code agents.sharedFiles}) its own active
 * scope does not hold (an approval makes a shared pattern active). Paths are matched as the claims
 * read them ({@link ScopePattern}), so the guard and the heartbeat never disagree on a path.
 */
public final class GuardRule {
    private GuardRule() {
    }

    /** A file the commit touches that another agent holds. */
    public record Violation(String path, String holder, String pattern, AgentView holderView) {
    }

    /** A shared file the commit touches without an approval: {@code pattern} is the shared pattern that matched. */
    public record SharedViolation(String path, String pattern) {
    }

    public static List<Violation> violations(List<String> paths, StatusDocument doc, String me,
                                             StaleDetector detector, Instant now) {
        List<Violation> out = new ArrayList<>();
        for (Map.Entry<String, AgentRecord> e : doc.agents().entrySet()) {
            if (e.getKey().equals(me) || e.getValue().isDone() || e.getValue().files().isEmpty()) {
                continue;
            }
            AgentView view = detector.view(e.getKey(), e.getValue(), now);
            if (view.stale()) {
                continue;
            }
            for (String pattern : e.getValue().files()) {
                ScopePattern p = Claims.parseStored(pattern);
                if (p == null) {
                    continue;
                }
                for (String path : paths) {
                    if (p.covers(path)) {
                        out.add(new Violation(path, e.getKey(), pattern, view));
                    }
                }
            }
        }
        return out;
    }

    /**
     * The shared files an agent commits without holding them. Only a committer with a record is an
     * agent: a person committing from a checkout no agent runs in is not asked for an approval.
     */
    public static List<SharedViolation> sharedWithoutApproval(List<String> paths, List<ScopePattern> shared,
                                                              StatusDocument doc, String me) {
        AgentRecord mine = doc.agents().get(me);
        if (mine == null || shared.isEmpty()) {
            return List.of();
        }
        List<ScopePattern> held = mine.files().stream().map(Claims::parseStored).filter(p -> p != null).toList();
        List<SharedViolation> out = new ArrayList<>();
        for (String path : paths) {
            if (held.stream().anyMatch(p -> p.covers(path))) {
                continue;
            }
            shared.stream().filter(q -> q.covers(path)).findFirst()
                    .ifPresent(q -> out.add(new SharedViolation(path, q.text())));
        }
        return out;
    }
}

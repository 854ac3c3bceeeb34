package dev.ghp.agents.rules;

import dev.ghp.agents.model.AgentRecord;
import dev.ghp.agents.model.StatusDocument;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.ignore.FastIgnoreRule;

/**
 * The commit guard's rule: a commit may not touch a file in another live agent's active file
 * scope. Paths are matched the way git matches {@code .gitignore} lines, with JGit's own matcher:
 * a pattern covers a path when it matches the path or one of its directories.
 */
public final class GuardRule {
    private GuardRule() {
    }

    /** A file the commit touches that another agent holds. */
    public record Violation(String path, String holder, String pattern, AgentView holderView) {
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
                FastIgnoreRule rule;
                try {
                    rule = new FastIgnoreRule(pattern.strip());
                } catch (RuntimeException bad) {
                    continue;
                }
                for (String path : paths) {
                    if (rule.isMatch(path, false, false)) {
                        out.add(new Violation(path, e.getKey(), pattern, view));
                    }
                }
            }
        }
        return out;
    }
}

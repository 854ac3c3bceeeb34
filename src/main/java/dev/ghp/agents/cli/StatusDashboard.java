package dev.ghp.agents.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghp.agents.input.BranchIssue;
import dev.ghp.agents.model.Escalation;
import dev.ghp.agents.render.GhpDashboard;
import dev.ghp.agents.rules.AgentView;
import dev.ghp.agents.rules.StaleDetector;
import dev.ghp.agents.store.EscalationFiles;
import dev.ghp.agents.store.Snapshot;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code agent-status --dashboard}: GHP's dashboard-hook answer for one branch, its agents (on the
 * branch, or on the issue its name gives) and their open escalations. It only reads: no
 * stale-detector pass runs.
 */
final class StatusDashboard {
    private StatusDashboard() {
    }

    /** The {@code success} answer; {@code branch} null shows every agent the filter lets through. */
    static ObjectNode answer(Snapshot snapshot, StaleDetector detector, Instant now, StatusFilter filter, String branch) {
        Integer branchIssue = branch == null ? null : BranchIssue.of(branch).orElse(null);
        Integer issue = filter.issue();
        List<AgentView> agents = filter.agents(detector.assess(snapshot.status(), now)).stream()
                .filter(v -> branch == null || branch.equals(v.record().branch())
                        || (branchIssue != null && branchIssue.equals(v.record().issue())))
                .toList();
        Set<String> names = new HashSet<>();
        agents.forEach(v -> names.add(v.name()));
        List<Escalation> open = EscalationFiles.readable(snapshot).escalations().stream()
                .filter(Escalation::isOpen)
                .filter(e -> branch == null || names.contains(e.agent()) || (branchIssue != null && branchIssue.equals(e.issue())))
                .filter(e -> issue == null || issue.equals(e.issue()))
                .toList();
        String title = agents.isEmpty() && branch != null ? "Agents · none on this branch" : "Agents";
        return GhpDashboard.success(title, agents, open);
    }
}

package dev.ghp.agents.github;

import java.util.List;

/** An issue as GitHub returns it; every text field is untrusted. */
public record IssueInfo(int number, String title, String body, List<String> labels, List<String> assignees,
                        String url) {
    public IssueInfo {
        labels = labels == null ? List.of() : List.copyOf(labels);
        assignees = assignees == null ? List.of() : List.copyOf(assignees);
    }
}

package dev.ghp.agents.handoff;

import dev.ghp.agents.github.IssueInfo;
import dev.ghp.agents.input.SpawnContext;
import dev.ghp.agents.text.Printable;
import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * What a handoff says of its issue: GitHub's issue when it can be read, else the title
 * {@code GHP_SPAWN_CONTEXT} gives, else the number alone. GitHub is optional, so a failed read is a
 * warning, never a failed handoff.
 */
public final class IssueFacts {
    private IssueFacts() {
    }

    /** The issue {@code number}; a GitHub read that fails adds to {@code warnings}. */
    public static Handoff.Issue of(int number, SpawnContext spawn, GitHubConnector.Link link, List<String> warnings) {
        if (link.available()) {
            try {
                IssueInfo info = link.gateway().issue(number);
                if (info != null) {
                    return new Handoff.Issue(number, info.title(), info.body(), info.labels(), info.assignees(),
                            info.url(), "github");
                }
            } catch (IOException | RuntimeException e) {
                warnings.add("could not read #" + number + " from GitHub (" + Printable.quote(link.describe().apply(e))
                        + "); the document names it from "
                        + (spawn != null && spawn.issueTitle() != null ? SpawnContext.VARIABLE : "the record only"));
            }
        }
        if (spawn != null && Objects.equals(spawn.issueNumber(), number) && spawn.issueTitle() != null) {
            return new Handoff.Issue(number, spawn.issueTitle(), null, List.of(), List.of(), null, SpawnContext.VARIABLE);
        }
        return Handoff.Issue.numberOnly(number);
    }
}

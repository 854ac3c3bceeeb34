package dev.ghp.agents.ghp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ghp.agents.model.AgentRecord;
import dev.ghp.agents.model.StatusDocument;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The agents GHP itself started ({@code ghp start --parallel}), read-only from {@code ghp agents list --json}
 * (packages/cli/src/commands/agents.ts; GHP keeps them in {@code ~/.ghp/agents.json}, which this never
 * reads or writes). For agent-status: those that have not reported to the record yet.
 */
public final class GhpAgents {
    /** agent-status waits no longer than this for GHP: it is a hot command. */
    static final Duration TIME_LIMIT = Duration.ofSeconds(2);

    private final GhpCli cli;

    public GhpAgents(Map<String, String> env, Path workingDirectory) {
        this.cli = new GhpCli(env, workingDirectory);
    }

    /**
     * One agent as GHP lists it.
     *
     * @param issue  the issue GHP started it on
     * @param branch its worktree's branch
     * @param status GHP's word for it: starting, running, waiting, stopped, error
     * @param title  the issue's title, or null
     * @param uptime GHP's "2h 15m", or null
     */
    public record Agent(int issue, String branch, String status, String title, String uptime) {
    }

    /** GHP's agents; empty when GHP's CLI is not installed, fails, is slow or prints something else. */
    public List<Agent> list() {
        if (!cli.installed()) {
            return List.of();
        }
        GhpCli.Run run = cli.run(List.of("agents", "list", "--json"), TIME_LIMIT, false);
        JsonNode list = run.ok() ? GhpPipeline.parseArray(run.stdout()) : null;
        if (list == null) {
            return List.of();
        }
        List<Agent> out = new ArrayList<>();
        for (JsonNode a : list) {
            JsonNode issue = a.path("issueNumber");
            JsonNode branch = a.path("branch");
            if (issue.canConvertToInt() && branch.isTextual() && !branch.asText().isBlank()) {
                out.add(new Agent(issue.intValue(), branch.asText(), text(a, "status"), text(a, "issueTitle"), text(a, "uptime")));
            }
        }
        return out;
    }

    /**
     * Those that have not reported: no agent in the record is on the same branch or issue. GHP lists
     * the agents of every repository; only those whose branch is one of {@code branchHere} (this
     * repository's branches) are this repository's.
     */
    public static List<Agent> unreported(List<Agent> fromGhp, StatusDocument doc, Predicate<String> branchHere) {
        return fromGhp.stream()
                .filter(a -> branchHere.test(a.branch()))
                .filter(a -> doc.agents().values().stream().noneMatch(r -> reportedAs(r, a)))
                .toList();
    }

    private static boolean reportedAs(AgentRecord r, Agent a) {
        return Objects.equals(r.branch(), a.branch()) || Objects.equals(r.issue(), a.issue());
    }

    private static String text(JsonNode node, String field) {
        return Optional.ofNullable(node.get(field)).filter(JsonNode::isValueNode).map(JsonNode::asText).orElse(null);
    }
}

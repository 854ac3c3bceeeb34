package dev.ghp.agents.input;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghp.agents.errors.UsageException;
import dev.ghp.agents.model.Json;
import java.io.IOException;

/**
 * GHP's {@code GHP_SPAWN_CONTEXT}: the JSON object {@code ghp start N --parallel} exports into each
 * agent's terminal. Only the fields this tool uses are read; all are optional.
 */
public record SpawnContext(Integer issueNumber, String issueTitle, String branch, String workingDirectory,
                           String owner, String repositoryName, String mainBranch) {

    public static final String VARIABLE = "GHP_SPAWN_CONTEXT";

    /** Parses the variable's value; null or blank gives null. */
    public static SpawnContext parse(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        ObjectNode root;
        try {
            root = Json.parseObject(value);
        } catch (IOException e) {
            root = null;
        }
        if (root == null) {
            throw new UsageException(VARIABLE + " is set but is not a JSON object",
                    "unset it, or start the agent with 'ghp start N --parallel' so GHP sets it");
        }
        JsonNode issue = root.path("issue");
        JsonNode number = issue.path("number");
        Integer issueNumber = number.canConvertToInt() && number.intValue() > 0 ? number.intValue() : null;
        JsonNode repo = root.path("repository");
        return new SpawnContext(issueNumber, text(issue, "title"), text(root, "branch"),
                text(root, "workingDirectory"), text(repo, "owner"), text(repo, "name"), text(repo, "mainBranch"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isTextual() && !v.asText().isBlank() ? v.asText() : null;
    }
}

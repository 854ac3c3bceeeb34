package dev.ghp.agents.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghp.agents.errors.StateException;
import dev.ghp.agents.errors.UsageException;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.text.Durations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The {@code "agents"} namespace of {@code .ghp/config.json} at the root of the main worktree, the
 * file GHP itself reads (docs/design.md#where-the-state-lives). A missing file or namespace means defaults. Only
 * {@link Settings} reads its keys: the commands take typed values from there. (GHP's user configuration,
 * when it is read too, is another file loaded here and layered under this one.)
 */
public final class AgentsConfig {
    public static final String FILE = ".ghp/config.json";

    private final Path file;
    private final ObjectNode agents;

    private AgentsConfig(Path file, ObjectNode agents) {
        this.file = file;
        this.agents = agents;
    }

    private static AgentsConfig empty() {
        return new AgentsConfig(null, Json.object());
    }

    static AgentsConfig load(Path mainWorktree) {
        if (mainWorktree == null) {
            return empty();
        }
        Path file = mainWorktree.resolve(FILE);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return empty();
        } catch (IOException e) {
            throw new StateException("cannot read " + file + ": " + e.getMessage(), null, e);
        }
        ObjectNode root;
        try {
            root = Json.parseObject(bytes);
        } catch (IOException e) {
            root = null;
        }
        if (root == null) {
            throw new UsageException(file + " is not a valid JSON object", "fix the file; GHP reads it too");
        }
        JsonNode agents = root.get("agents");
        if (agents == null || agents.isNull()) {
            return new AgentsConfig(file, Json.object());
        }
        if (!agents.isObject()) {
            throw new UsageException("\"agents\" in " + file + " must be an object");
        }
        return new AgentsConfig(file, (ObjectNode) agents);
    }

    /** The raw value of a key of the namespace. */
    Optional<JsonNode> get(String key) {
        return Optional.ofNullable(agents.get(key)).filter(n -> !n.isNull());
    }

    Optional<String> text(String key) {
        return get(key).map(node -> {
            if (!node.isTextual()) {
                throw new UsageException("agents." + key + " in " + describe() + " must be a string");
            }
            return node.asText();
        });
    }

    /** A duration setting ({@code "10m"}), or empty when not set. */
    Optional<Duration> duration(String key) {
        return text(key).map(t -> Durations.parse(t).orElseThrow(() -> new UsageException(
                "agents." + key + " in " + describe() + " is not a duration: '" + t + "'",
                "write it like \"90s\", \"10m\" or \"1h\"")));
    }

    private String describe() {
        return file == null ? FILE : file.toString();
    }
}

package dev.ghp.agents.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghp.agents.errors.UsageException;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.text.Durations;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code "agents"} namespace of GHP's configuration, layered as GHP layers its own
 * (packages/cli/src/config.ts, {@code loadConfig}): the user's {@code $HOME/.config/ghp-cli/config.json}
 * over the workspace's {@code .ghp/config.json} at the root of the main worktree, objects merged key
 * by key, any other value replaced whole. A missing file or namespace means defaults. Each value
 * remembers the file it came from, so an error names that file. Only {@link Settings} reads its
 * keys: the commands take typed values from there.
 *
 * <p>Values come in the shapes {@code ghp config KEY VALUE} writes (GHP's {@code parseValue}):
 * digits become a number, {@code true}/{@code false} booleans, text with a comma an array.
 */
public final class AgentsConfig {
    public static final String FILE = ".ghp/config.json";
    /** Under {@code HOME}: GHP takes {@code os.homedir()} and does not read {@code XDG_CONFIG_HOME}. */
    public static final String USER_FILE = ".config/ghp-cli/config.json";

    private final ObjectNode agents;
    /** Dotted key ({@code history.maxAge}) to the file that gave it, as shown in messages. */
    private final Map<String, String> origins;
    private final String shown;

    private AgentsConfig(ObjectNode agents, Map<String, String> origins, String shown) {
        this.agents = agents;
        this.origins = origins;
        this.shown = shown;
    }

    private static AgentsConfig empty(String shown) {
        return new AgentsConfig(Json.object(), Map.of(), shown);
    }

    /** The workspace file alone (null {@code mainWorktree}: a bare repository, no file). */
    static AgentsConfig load(Path mainWorktree) {
        return mainWorktree == null ? empty(FILE) : read(mainWorktree.resolve(FILE), FILE);
    }

    /** GHP's user file of the caller's {@code HOME}; none when {@code HOME} is not set. */
    static AgentsConfig loadUser(Map<String, String> env) {
        String home = env.get("HOME");
        if (home == null || home.isEmpty()) {
            return empty(USER_FILE);
        }
        Path file = Path.of(home).resolve(USER_FILE);
        return read(file, file.toString());
    }

    private static AgentsConfig read(Path file, String shown) {
        byte[] bytes = BoundedSettingsFile.bytes(file);
        if (bytes == null) {
            return empty(shown);
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
            return empty(shown);
        }
        if (!agents.isObject()) {
            throw new UsageException("\"agents\" in " + file + " must be an object");
        }
        Map<String, String> origins = new HashMap<>();
        note(origins, "", agents, shown);
        return new AgentsConfig((ObjectNode) agents, origins, shown);
    }

    private static void note(Map<String, String> origins, String prefix, JsonNode node, String shown) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = prefix + e.getKey();
            origins.put(key, shown);
            if (e.getValue().isObject()) {
                note(origins, key + ".", e.getValue(), shown);
            }
        }
    }

    /** This (the workspace's) with {@code user} laid over it, as GHP's deep merge does. */
    AgentsConfig under(AgentsConfig user) {
        if (user.agents.isEmpty()) {
            return this;
        }
        Map<String, String> origins = new HashMap<>(this.origins);
        origins.putAll(user.origins);
        return new AgentsConfig(merge(agents.deepCopy(), user.agents), origins, shown);
    }

    private static ObjectNode merge(ObjectNode base, ObjectNode over) {
        for (Iterator<Map.Entry<String, JsonNode>> it = over.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode mine = base.get(e.getKey());
            if (mine instanceof ObjectNode o && e.getValue().isObject()) {
                merge(o, (ObjectNode) e.getValue());
            } else {
                base.set(e.getKey(), e.getValue().deepCopy());
            }
        }
        return base;
    }

    /** The file a key came from, as messages name it: the user file's path, or {@code .ghp/config.json}. */
    String where(String dottedKey) {
        return origins.getOrDefault(dottedKey, shown);
    }

    /** The raw value of a key of the namespace. */
    Optional<JsonNode> get(String key) {
        return Optional.ofNullable(agents.get(key)).filter(n -> !n.isNull());
    }

    /** A text setting; a whole number is taken as its digits (GHP writes {@code ghp config agents.remote 2024} as one). */
    Optional<String> text(String key) {
        return get(key).map(node -> {
            String t = text(node);
            if (t == null) {
                throw new UsageException("agents." + key + " in " + where(key) + " must be a string");
            }
            return t;
        });
    }

    /** A JSON string, or a whole number as its digits; null for anything else. */
    static String text(JsonNode node) {
        if (node.isTextual()) {
            return node.asText();
        }
        return node.isIntegralNumber() ? node.bigIntegerValue().toString() : null;
    }

    /** A duration setting ({@code "10m"}, or a number of seconds as GHP writes {@code 120}), or empty when not set. */
    Optional<Duration> duration(String key) {
        return get(key).map(node -> seconds(node).or(() -> node.isTextual() ? Durations.parse(node.asText()) : Optional.empty())
                .orElseThrow(() -> new UsageException(
                        "agents." + key + " in " + where(key) + " is not a duration: " + shown(node),
                        "write it like \"90s\", \"10m\", \"1h\" or a number of seconds: 600")));
    }

    /** As {@link #duration}, for a key inside {@code agents.github}. */
    Optional<Duration> githubDuration(String key) {
        return get("github").map(g -> g.path(key)).filter(n -> !n.isMissingNode() && !n.isNull())
                .map(node -> seconds(node).or(() -> node.isTextual() ? Durations.parse(node.asText()) : Optional.empty())
                        .orElseThrow(() -> new UsageException(
                                "agents.github." + key + " in " + where("github") + " is not a duration: " + shown(node),
                                "write it like \"90s\", \"10m\", \"1h\" or a number of seconds: 60")));
    }

    /** A positive JSON number as that many seconds (to the millisecond); empty for anything else. */
    static Optional<Duration> seconds(JsonNode node) {
        if (!node.isNumber()) {
            return Optional.empty();
        }
        BigDecimal s = node.decimalValue();
        if (s.signum() <= 0 || s.compareTo(BigDecimal.valueOf(Long.MAX_VALUE / 1000)) > 0) {
            return Optional.empty();
        }
        long millis = s.movePointRight(3).setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
        return millis == 0 ? Optional.empty() : Optional.of(Duration.ofMillis(millis));
    }

    private static String shown(JsonNode node) {
        return node.isTextual() ? "'" + dev.ghp.agents.text.Printable.quote(node.asText()) + "'" : node.toString();
    }
}

package dev.ghp.agents.mem0;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ghp.agents.config.AgentsConfig;
import dev.ghp.agents.errors.UsageException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;

/**
 * Where and how to reach mem0: the base URL from {@code agents.mem0} in {@code .ghp/config.json}
 * (a string, or an object with {@code baseUrl}, {@code userId}, {@code infer}), the key from
 * {@code MEM0_API_KEY} only (the config file is shared and committed; a key does not belong there).
 *
 * @param baseUrl the API's root, e.g. {@code https://api.mem0.ai}
 * @param apiKey  the key (never printed)
 * @param userId  the mem0 {@code user_id} to file memories under, or null
 * @param infer   whether mem0 should extract facts (true) or keep the document as it is (false, the default)
 */
public record Mem0Settings(URI baseUrl, String apiKey, String userId, boolean infer) {
    public static final String KEY_VARIABLE = "MEM0_API_KEY";
    public static final URI DEFAULT_BASE_URL = URI.create("https://api.mem0.ai");

    /** The settings, or null when {@code MEM0_API_KEY} is not set. */
    public static Mem0Settings from(AgentsConfig config, Map<String, String> env) {
        String key = env.get(KEY_VARIABLE);
        if (key == null || key.isBlank()) {
            return null;
        }
        URI base = DEFAULT_BASE_URL;
        String userId = null;
        boolean infer = false;
        JsonNode node = config.get("mem0").orElse(null);
        if (node != null) {
            if (node.isTextual()) {
                base = uri(node.asText(), "agents.mem0");
            } else if (node.isObject()) {
                JsonNode url = node.get("baseUrl");
                if (url != null && !url.isNull()) {
                    if (!url.isTextual()) {
                        throw new UsageException("agents.mem0.baseUrl in .ghp/config.json must be a string");
                    }
                    base = uri(url.asText(), "agents.mem0.baseUrl");
                }
                JsonNode user = node.get("userId");
                if (user != null && user.isTextual() && !user.asText().isBlank()) {
                    userId = user.asText();
                }
                JsonNode inferNode = node.get("infer");
                if (inferNode != null && inferNode.isBoolean()) {
                    infer = inferNode.booleanValue();
                }
            } else {
                throw new UsageException("agents.mem0 in .ghp/config.json must be a base URL or an object",
                        "write it like \"mem0\": {\"baseUrl\": \"https://api.mem0.ai\"}");
            }
        }
        return new Mem0Settings(base, key.trim(), userId, infer);
    }

    private static URI uri(String text, String where) {
        try {
            URI u = new URI(text.trim());
            if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
                throw new URISyntaxException(text, "not an http(s) URL");
            }
            dev.ghp.agents.config.SecureUrl.require(u, where + " in .ghp/config.json");
            return u;
        } catch (URISyntaxException e) {
            throw new UsageException(where + " in .ghp/config.json is not an http(s) URL",
                    "write it like \"https://api.mem0.ai\"");
        }
    }

    /** The base URL without any user information, for messages. */
    public String where() {
        return baseUrl.getScheme() + "://" + baseUrl.getHost() + (baseUrl.getPort() < 0 ? "" : ":" + baseUrl.getPort());
    }

    @Override
    public String toString() {
        return "Mem0Settings[" + where() + ", userId=" + userId + ", infer=" + infer + "]";
    }
}

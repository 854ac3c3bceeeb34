package dev.ghp.agents.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ghp.agents.errors.UsageException;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * {@code agents.mem0} in {@code .ghp/config.json}: a base URL, or an object with {@code baseUrl},
 * {@code userId} and {@code infer}. The key is not here: it comes from {@code MEM0_API_KEY} only.
 *
 * @param baseUrl the API's root, e.g. {@code https://api.mem0.ai}
 * @param userId  the mem0 {@code user_id} to file memories under, or null
 * @param infer   whether mem0 should extract facts (true) or keep the document as it is (false, the default)
 */
public record Mem0Endpoint(URI baseUrl, String userId, boolean infer) {
    public static final URI DEFAULT_BASE_URL = URI.create("https://api.mem0.ai");

    static Mem0Endpoint read(AgentsConfig config) {
        URI base = DEFAULT_BASE_URL;
        String userId = null;
        boolean infer = false;
        JsonNode node = config.get("mem0").orElse(null);
        if (node != null) {
            if (node.isTextual()) {
                base = uri(node.asText(), "agents.mem0", config.where("mem0"));
            } else if (node.isObject()) {
                JsonNode url = node.get("baseUrl");
                if (url != null && !url.isNull()) {
                    if (!url.isTextual()) {
                        throw new UsageException("agents.mem0.baseUrl in " + config.where("mem0.baseUrl") + " must be a string");
                    }
                    base = uri(url.asText(), "agents.mem0.baseUrl", config.where("mem0.baseUrl"));
                }
                JsonNode userNode = node.get("userId");
                String user = userNode == null ? null : AgentsConfig.text(userNode);
                if (user != null && !user.isBlank()) {
                    userId = user; // digits too: GHP writes "ghp config agents.mem0.userId 42" as a number
                }
                JsonNode inferNode = node.get("infer");
                if (inferNode != null && inferNode.isBoolean()) {
                    infer = inferNode.booleanValue();
                }
            } else {
                throw new UsageException("agents.mem0 in " + config.where("mem0") + " must be a base URL or an object",
                        "write it like \"mem0\": {\"baseUrl\": \"https://api.mem0.ai\"}");
            }
        }
        return new Mem0Endpoint(base, userId, infer);
    }

    private static URI uri(String text, String key, String file) {
        String where = key + " in " + file;
        try {
            URI u = new URI(text.trim());
            if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
                throw new URISyntaxException(text, "not an http(s) URL");
            }
            SecureUrl.require(u, where);
            return u;
        } catch (URISyntaxException e) {
            throw new UsageException(where + " is not an http(s) URL",
                    "write it like \"https://api.mem0.ai\"");
        }
    }
}

package dev.ghp.agents.mem0;

import dev.ghp.agents.config.Mem0Endpoint;
import dev.ghp.agents.config.Settings;
import java.net.URI;

/**
 * Where and how to reach mem0: the endpoint from {@code agents.mem0} in {@code .ghp/config.json}
 * ({@link Mem0Endpoint}), the key from {@code MEM0_API_KEY} only (the config file is shared and
 * committed; a key does not belong there).
 *
 * @param baseUrl the API's root, e.g. {@code https://api.mem0.ai}
 * @param apiKey  the key (never printed)
 * @param userId  the mem0 {@code user_id} to file memories under, or null
 * @param infer   whether mem0 should extract facts (true) or keep the document as it is (false, the default)
 */
public record Mem0Settings(URI baseUrl, String apiKey, String userId, boolean infer) {
    public static final String KEY_VARIABLE = Settings.Mem0.KEY_VARIABLE;
    public static final URI DEFAULT_BASE_URL = Mem0Endpoint.DEFAULT_BASE_URL;

    /**
     * The settings, or null when {@code MEM0_API_KEY} is not set (then {@code agents.mem0} is not
     * looked at, so a bad one does not fail a command that would not have used it).
     */
    public static Mem0Settings from(Settings.Mem0 settings) {
        if (settings.apiKey() == null) {
            return null;
        }
        Mem0Endpoint endpoint = settings.endpoint().get().orElseThrow();
        return new Mem0Settings(endpoint.baseUrl(), settings.apiKey(), endpoint.userId(), endpoint.infer());
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

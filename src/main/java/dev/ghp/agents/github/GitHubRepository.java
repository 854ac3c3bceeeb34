package dev.ghp.agents.github;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A repository on a GitHub host, as named by a remote URL: {@code https://github.com/o/r.git},
 * {@code git@github.com:o/r.git}, {@code ssh://git@github.com/o/r}, with or without {@code .git}.
 * Credentials in a URL ({@code https://user:token@host/...}) are dropped on parsing, so nothing
 * built from this can show them.
 */
public record GitHubRepository(String host, String owner, String name) {
    private static final String PART = "[A-Za-z0-9._-]+";
    private static final Pattern URL = Pattern.compile(
            "^(?:https?|ssh|git)://(?:[^@/]+@)?([^/:]+)(?::\\d+)?/(" + PART + ")/(" + PART + ")/?$");
    private static final Pattern SCP = Pattern.compile("^(?:[^@/]+@)?([^/:]+):/?(" + PART + ")/(" + PART + ")/?$");

    public static Optional<GitHubRepository> fromRemoteUrl(String url) {
        if (url == null) {
            return Optional.empty();
        }
        String u = url.trim();
        Matcher m = URL.matcher(u);
        if (!m.matches()) {
            m = SCP.matcher(u);
            if (!m.matches() || u.contains("://")) {
                return Optional.empty();
            }
        }
        String name = m.group(3);
        if (name.endsWith(".git")) {
            name = name.substring(0, name.length() - 4);
        }
        if (name.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new GitHubRepository(m.group(1).toLowerCase(java.util.Locale.ROOT), m.group(2), name));
    }

    /** The REST endpoint for the host: api.github.com, or {@code https://HOST/api/v3} for GitHub Enterprise. */
    public String defaultApiUrl() {
        return host == null || host.equals("github.com") ? "https://api.github.com" : "https://" + host + "/api/v3";
    }

    public String fullName() {
        return owner + "/" + name;
    }
}

package dev.ghp.agents.handoff;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code owner/name} of a repository, from a remote URL in any of the forms git accepts. */
public final class RepoSlug {
    private static final Pattern TAIL = Pattern.compile("[:/]([A-Za-z0-9_.-]+)/([A-Za-z0-9_.-]+?)(?:\\.git)?/?$");

    private RepoSlug() {
    }

    /** {@code git@github.com:o/r.git}, {@code https://github.com/o/r}, {@code ssh://git@host:22/o/r.git} give {@code o/r}. */
    public static Optional<String> fromUrl(String url) {
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        Matcher m = TAIL.matcher(url.trim());
        if (!m.find()) {
            return Optional.empty();
        }
        return Optional.of(m.group(1) + "/" + m.group(2));
    }
}

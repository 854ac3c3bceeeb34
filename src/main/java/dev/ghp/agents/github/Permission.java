package dev.ghp.agents.github;

import java.util.Locale;
import java.util.Set;

/**
 * A user's permission on the repository, as GitHub's "Get repository permissions for a user"
 * answers ({@code GET /repos/{owner}/{repo}/collaborators/{username}/permission}):
 * {@code permission} is the legacy level (admin, write, read, none: maintain shows as write,
 * triage as read) and {@code role_name} the role (admin, maintain, write, triage, read, or a
 * custom role's name).
 */
public record Permission(String login, String permission, String roleName) {
    private static final Set<String> WRITING_ROLES = Set.of("admin", "maintain", "write");
    private static final Set<String> WRITING_LEVELS = Set.of("admin", "write");

    /** Write access or more: the role says so, or (a custom role) the legacy level it rests on does. */
    public boolean canWrite() {
        return WRITING_ROLES.contains(lower(roleName)) || WRITING_LEVELS.contains(lower(permission));
    }

    /** What GitHub said, in one word: the role, else the level, else "none". */
    public String shown() {
        String r = lower(roleName);
        if (!r.isEmpty()) {
            return r;
        }
        String p = lower(permission);
        return p.isEmpty() ? "none" : p;
    }

    private static String lower(String s) {
        return s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
    }
}

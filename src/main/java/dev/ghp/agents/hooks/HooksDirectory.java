package dev.ghp.agents.hooks;

import dev.ghp.agents.git.RepoContext;
import java.nio.file.Path;

/**
 * Where git looks for hooks, as git decides it: {@code core.hooksPath} when set (a relative value
 * is relative to the worktree the hook runs in, so each worktree resolves its own; {@code ~/} is the
 * home directory), else {@code hooks/} in the common git directory, shared by every linked worktree.
 *
 * @param dir      the directory
 * @param source   {@code core.hooksPath} or {@code default}
 * @param relative whether core.hooksPath is relative (then other worktrees look elsewhere)
 */
public record HooksDirectory(Path dir, String source, boolean relative) {

    public static HooksDirectory of(RepoContext rc, String home) {
        String configured = rc.repository().getConfig().getString("core", null, "hooksPath");
        if (configured == null || configured.isBlank()) {
            return new HooksDirectory(rc.commonDir().resolve("hooks"), "default", false);
        }
        String v = configured.trim();
        if (v.startsWith("~/") && home != null) {
            return new HooksDirectory(Path.of(home).resolve(v.substring(2)).normalize(), "core.hooksPath", false);
        }
        Path p = Path.of(v);
        if (p.isAbsolute()) {
            return new HooksDirectory(p.normalize(), "core.hooksPath", false);
        }
        Path base = rc.worktree() != null ? rc.worktree() : rc.commonDir();
        return new HooksDirectory(base.resolve(p).normalize(), "core.hooksPath", true);
    }
}

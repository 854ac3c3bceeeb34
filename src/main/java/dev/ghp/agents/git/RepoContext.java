package dev.ghp.agents.git;

import java.nio.file.Path;
import org.eclipse.jgit.lib.Repository;

/**
 * The repository a command runs in, as seen from where it was started.
 *
 * @param repository   the JGit repository (refs and objects resolve to the common git dir)
 * @param worktree     the root of the worktree the command runs in; null in a bare repository
 * @param commonDir    the git directory shared by every worktree of the clone
 * @param mainWorktree the root of the main worktree, where {@code .ghp/config.json} lives; null if there is none
 * @param branch       the short name of the checked-out branch (even with no commits yet); null when HEAD is detached
 */
public record RepoContext(Repository repository, Path worktree, Path commonDir, Path mainWorktree, String branch) {
}

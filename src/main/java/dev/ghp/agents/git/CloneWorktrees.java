package dev.ghp.agents.git;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The worktrees of one clone: its main worktree and the linked ones git lists under
 * {@code <common dir>/worktrees/<name>/gitdir}. What tells an agent recorded with a worktree on
 * this clone from one on another clone (the record keeps the worktree each agent heartbeats from).
 */
public final class CloneWorktrees {
    private final Set<String> roots;

    private CloneWorktrees(Set<String> roots) {
        this.roots = roots;
    }

    /**
     * Read from the common git directory (absolute, as {@link RepoContext} has it); a worktree whose
     * files cannot be read is left out. Paths are compared absolute only: a relative one would be read
     * against the JVM's directory, in the daemon another caller's.
     */
    public static CloneWorktrees of(Path commonDir) {
        Set<String> roots = new LinkedHashSet<>();
        Path common = commonDir.normalize();
        if (common.getFileName() != null && common.getFileName().toString().equals(".git")) {
            add(roots, common.getParent());
        }
        Path linked = common.resolve("worktrees");
        if (Files.isDirectory(linked)) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(linked)) {
                for (Path entry : entries) {
                    Path gitdir = entry.resolve("gitdir");
                    if (Files.isRegularFile(gitdir)) {
                        Path dotGit = Path.of(Files.readString(gitdir).trim());
                        if (dotGit.getParent() != null) {
                            add(roots, dotGit.getParent());
                        }
                    }
                }
            } catch (IOException e) {
                // A linked worktree that cannot be listed is one this clone cannot run an agent in either.
            }
        }
        return new CloneWorktrees(roots);
    }

    /** Whether {@code worktree} (as recorded: a path, or null) is one of this clone's. */
    public boolean contains(String worktree) {
        if (worktree == null || worktree.isBlank()) {
            return false;
        }
        try {
            Path p = Path.of(worktree);
            return p.isAbsolute() && (roots.contains(p.normalize().toString()) || roots.contains(real(p)));
        } catch (java.nio.file.InvalidPathException e) {
            return false;
        }
    }

    private static void add(Set<String> roots, Path root) {
        if (root.isAbsolute()) {
            roots.add(root.normalize().toString());
            roots.add(real(root));
        }
    }

    private static String real(Path p) {
        try {
            return p.toRealPath().toString();
        } catch (IOException e) {
            return p.normalize().toString();
        }
    }
}

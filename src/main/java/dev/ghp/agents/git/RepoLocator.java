package dev.ghp.agents.git;

import dev.ghp.agents.errors.StateException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/** Finds and opens the repository around a directory: main worktree, linked worktree, subdirectory or git dir. */
public final class RepoLocator {
    private RepoLocator() {
    }

    /** Whether a directory is inside a git repository (a worktree or a git dir), without opening it. */
    public static boolean isInsideRepository(Path start) {
        JGitSetup.apply();
        Path dir = start.toAbsolutePath().normalize();
        return Files.isDirectory(dir) && new FileRepositoryBuilder().findGitDir(dir.toFile()).getGitDir() != null;
    }

    public static RepoContext open(Path start) {
        JGitSetup.apply();
        Path dir = start.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new StateException("no such directory: " + dir, null);
        }
        FileRepositoryBuilder builder = new FileRepositoryBuilder().findGitDir(dir.toFile());
        if (builder.getGitDir() == null) {
            throw new StateException("not a git repository (or any parent up to /): " + dir,
                    "run it inside a clone or one of its worktrees, or pass -C DIR");
        }
        Repository repo = shared == null ? build(builder) : shared(builder);
        Path worktree = repo.isBare() ? null : repo.getWorkTree().toPath().toAbsolutePath().normalize();
        Path commonDir = repo.getCommonDirectory().toPath().toAbsolutePath().normalize();
        return new RepoContext(repo, worktree, commonDir, mainWorktree(commonDir, worktree), branch(repo));
    }

    private static Repository build(FileRepositoryBuilder builder) {
        try {
            return builder.setMustExist(true).build();
        } catch (IOException | IllegalArgumentException e) {
            throw new StateException("cannot open the git repository at " + builder.getGitDir() + ": " + e.getMessage(),
                    "check it with: git status", e);
        }
    }

    /** Repositories kept open between commands, by git dir (guarded by itself); null in a process that runs one command. */
    private static volatile Map<File, Repository> shared;
    /** More repositories than this and the kept ones are let go (closed once their commands finish). */
    static final int MAX_SHARED = 64;

    /**
     * Keeps repositories open for the commands that follow (the daemon): JGit then reads a
     * repository's pack indexes and config once, not once per command. Each repository notices
     * changes made by other processes as it always does (file snapshots, re-read refs).
     */
    public static void shareRepositories() {
        shared = new HashMap<>();
    }

    /** The kept repository for this git dir, one more use of it handed out (the command closes its use). */
    private static Repository shared(FileRepositoryBuilder builder) {
        Map<File, Repository> kept = shared;
        File key = builder.getGitDir().getAbsoluteFile();
        synchronized (kept) {
            Repository repo = kept.get(key);
            if (repo == null || !repo.getDirectory().isDirectory()) {
                if (kept.size() >= MAX_SHARED) {
                    kept.values().forEach(Repository::close);
                    kept.clear();
                }
                repo = build(builder);
                kept.put(key, repo);
            }
            repo.incrementOpen();
            return repo;
        }
    }

    /** A non-bare clone keeps its common dir at {@code <main worktree>/.git}, as GHP assumes. */
    private static Path mainWorktree(Path commonDir, Path worktree) {
        if (commonDir.getFileName() != null && commonDir.getFileName().toString().equals(Constants.DOT_GIT)) {
            return commonDir.getParent();
        }
        return worktree;
    }

    private static String branch(Repository repo) {
        try {
            Ref head = repo.exactRef(Constants.HEAD);
            if (head == null) {
                // Unborn HEAD in a repository with no commits: the symbolic target is still there.
                File headFile = new File(repo.getDirectory(), Constants.HEAD);
                String text = Files.readString(headFile.toPath()).trim();
                return text.startsWith("ref: " + Constants.R_HEADS) ? text.substring(5 + Constants.R_HEADS.length()) : null;
            }
            if (head.isSymbolic()) {
                return Repository.shortenRefName(head.getTarget().getName());
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }
}

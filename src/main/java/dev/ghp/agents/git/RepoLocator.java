package dev.ghp.agents.git;

import dev.ghp.agents.errors.StateException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/** Finds and opens the repository around a directory: main worktree, linked worktree, subdirectory or git dir. */
public final class RepoLocator {
    private RepoLocator() {
    }

    /** Whether a directory is inside a git repository (a worktree or a git dir), without opening it. */
    public static boolean isInsideRepository(Path start, Map<String, String> variables) {
        JGitSetup.apply();
        Path dir = absolute(start);
        return Files.isDirectory(dir) && builder(dir, variables).getGitDir() != null;
    }

    /** The repository around {@code start}, found as git finds it without {@code GIT_DIR}. */
    public static RepoContext open(Path start) {
        return open(start, Map.of());
    }

    /**
     * The repository the command started in {@code start} works on, found as git finds it: the one
     * {@code GIT_DIR} names, with the work tree {@code GIT_WORK_TREE} names (both relative to
     * {@code start}, the caller's directory), else the one around {@code start}, searched up to
     * {@code GIT_CEILING_DIRECTORIES}. Only {@code variables} count, never the JVM's.
     */
    public static RepoContext open(Path start, Map<String, String> variables) {
        JGitSetup.apply();
        Path dir = absolute(start);
        if (!Files.isDirectory(dir)) {
            throw new StateException("no such directory: " + dir, null);
        }
        FileRepositoryBuilder builder = builder(dir, variables);
        if (builder.getGitDir() == null) {
            throw new StateException("not a git repository (or any parent up to /): " + dir,
                    "run it inside a clone or one of its worktrees, or pass -C DIR");
        }
        if (variable(variables, "GIT_DIR") != null && !Files.isDirectory(builder.getGitDir().toPath())) {
            throw new StateException("GIT_DIR names no git repository: " + builder.getGitDir(),
                    "unset GIT_DIR, or point it at a repository's git dir");
        }
        // A kept repository has the work tree of the command that opened it; one set by
        // GIT_WORK_TREE is this command's alone.
        boolean ownWorkTree = builder.getWorkTree() != null;
        Repository repo = shared == null || ownWorkTree ? build(builder) : shared(builder);
        try {
            RepositoryFormat.check(repo);
        } catch (StateException e) {
            repo.close();
            throw e;
        }
        Path worktree = repo.isBare() ? null : repo.getWorkTree().toPath().normalize();
        Path commonDir = repo.getCommonDirectory().toPath().normalize();
        return new RepoContext(repo, worktree, commonDir, mainWorktree(commonDir, worktree), branch(repo));
    }

    private static FileRepositoryBuilder builder(Path dir, Map<String, String> variables) {
        FileRepositoryBuilder builder = new FileRepositoryBuilder();
        builder.setFS(JGitSetup.fileSystem());
        String gitDir = variable(variables, "GIT_DIR");
        String workTree = variable(variables, "GIT_WORK_TREE");
        if (workTree != null) {
            builder.setWorkTree(dir.resolve(workTree).normalize().toFile());
        }
        if (gitDir != null) {
            return builder.setGitDir(dir.resolve(gitDir).normalize().toFile());
        }
        String ceilings = variable(variables, "GIT_CEILING_DIRECTORIES");
        if (ceilings != null) {
            for (String ceiling : ceilings.split(":")) {
                if (!ceiling.isEmpty() && Path.of(ceiling).isAbsolute()) {
                    builder.addCeilingDirectory(new File(ceiling));
                }
            }
        }
        return builder.findGitDir(dir.toFile());
    }

    private static String variable(Map<String, String> variables, String name) {
        String value = variables.get(name);
        return value == null || value.isEmpty() ? null : value;
    }

    /** A command's directory is absolute (Environment); a relative one here is a programming error. */
    private static Path absolute(Path start) {
        if (!start.isAbsolute()) {
            throw new IllegalArgumentException("not an absolute directory: " + start);
        }
        return start.normalize();
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
    private static volatile Map<File, Kept> shared;
    /** More repositories than this and the kept ones are let go (closed once their commands finish). */
    static final int MAX_SHARED = 64;
    /**
     * A kept repository no command used for this long is let go: its open packs and directories
     * cost descriptors and memory, and a repository unused for minutes gains little from being kept.
     */
    static final Duration IDLE = Duration.ofMinutes(5);

    /** A kept repository, the proof of which directories it was opened on, and when a command last took it. */
    private record Kept(Repository repository, RepositoryIdentity identity, AtomicLong lastUsedNanos) {
        void release() {
            repository.close();
            identity.close();
        }

        /** Gone (deleted, or another repository at its path now) or idle: its descriptors are given back. */
        boolean unwanted(long now) {
            return now - lastUsedNanos.get() > IDLE.toNanos() || !identity.stillThere();
        }
    }

    /**
     * Keeps repositories open for the commands that follow (the daemon): JGit then reads a
     * repository's pack indexes and config once, not once per command. Each repository notices
     * changes made by other processes as it always does (file snapshots, re-read refs); one
     * deleted and created again at its path is noticed by its {@link RepositoryIdentity}.
     */
    public static void shareRepositories() {
        shared = new HashMap<>();
    }

    /** Lets every kept repository go (each closes once its commands finish); commands then open their own again. */
    public static void stopSharing() {
        Map<File, Kept> kept = shared;
        shared = null;
        if (kept != null) {
            synchronized (kept) {
                kept.values().forEach(Kept::release);
                kept.clear();
            }
        }
    }

    /**
     * Lets go of the kept repositories that were deleted, replaced or not used for {@link #IDLE}:
     * a deleted repository's open packs would keep its disk space taken for as long as the daemon
     * lives. Run before each command, and by an idle daemon now and then.
     */
    public static void releaseUnwanted() {
        Map<File, Kept> kept = shared;
        if (kept != null) {
            synchronized (kept) {
                releaseUnwanted(kept);
            }
        }
    }

    private static void releaseUnwanted(Map<File, Kept> kept) {
        long now = System.nanoTime();
        kept.values().removeIf(k -> {
            if (k.unwanted(now)) {
                k.release();
                return true;
            }
            return false;
        });
    }

    /**
     * The kept repository for this git dir, one more use of it handed out (the command closes its
     * use). A kept one whose directories are no longer the ones it was opened on is let go first:
     * its caches describe another repository. Where the identity cannot be proven (no file keys),
     * nothing is kept.
     */
    private static Repository shared(FileRepositoryBuilder builder) {
        Map<File, Kept> kept = shared;
        File key = builder.getGitDir().getAbsoluteFile();
        synchronized (kept) {
            releaseUnwanted(kept);
            Kept found = kept.get(key);
            if (found == null) {
                if (kept.size() >= MAX_SHARED) {
                    kept.values().forEach(Kept::release);
                    kept.clear();
                }
                Repository repo = build(builder);
                Optional<RepositoryIdentity> identity = RepositoryIdentity.of(repo);
                if (identity.isEmpty()) {
                    return repo;
                }
                found = new Kept(repo, identity.get(), new AtomicLong());
                kept.put(key, found);
            }
            found.lastUsedNanos().set(System.nanoTime());
            found.repository().incrementOpen();
            return found.repository();
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

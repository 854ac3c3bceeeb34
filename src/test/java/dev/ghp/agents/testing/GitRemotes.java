package dev.ghp.agents.testing;

import java.nio.file.Path;

/** Bare remotes and clones of them, made with the real git, for sync tests. */
public final class GitRemotes {
    private GitRemotes() {
    }

    /** {@code git init --bare parent/name}. */
    public static GitRepo bare(Path parent, String name) {
        GitRepo repo = GitRepo.at(parent.resolve(name));
        GitRepo.at(parent).git("init", "-q", "--bare", "-b", "main", name);
        return repo;
    }

    /** {@code git clone remote parent/name}; the remote is its origin. */
    public static GitRepo cloneOf(GitRepo remote, Path parent, String name) {
        GitRepo.at(parent).git("clone", "-q", remote.dir().toString(), name);
        return GitRepo.at(parent.resolve(name));
    }

    /** The commit the ref points at in a repository, or null. */
    public static String tip(GitRepo repo, String ref) {
        GitRepo.Result r = repo.run("rev-parse", "-q", "--verify", ref);
        return r.exit() == 0 ? r.out().trim() : null;
    }
}

package dev.ghp.agents.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real git repository in a temp dir, driven by the real {@code git} command, which also serves
 * as the independent checker of what ghp-agents wrote.
 */
public final class GitRepo {
    /** Keeps the user's and the system's git configuration out of every test. */
    public static final Map<String, String> GIT_ENV = Map.of(
            "GIT_CONFIG_NOSYSTEM", "1",
            "GIT_CONFIG_GLOBAL", "/dev/null",
            "GIT_AUTHOR_NAME", "Test Person",
            "GIT_AUTHOR_EMAIL", "test@example.com",
            "GIT_COMMITTER_NAME", "Test Person",
            "GIT_COMMITTER_EMAIL", "test@example.com");

    private final Path dir;

    private GitRepo(Path dir) {
        this.dir = dir;
    }

    /** {@code git init -b main} in {@code parent/name}; no commits yet. */
    public static GitRepo init(Path parent, String name) {
        Path dir = parent.resolve(name);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        GitRepo repo = new GitRepo(dir);
        repo.git("init", "-q", "-b", "main");
        return repo;
    }

    public static GitRepo at(Path dir) {
        return new GitRepo(dir);
    }

    public Path dir() {
        return dir;
    }

    /** Runs git here; fails the test when git fails. Returns stdout. */
    public String git(String... args) {
        Result r = run(args);
        assertThat(r.exit()).as("git %s failed: %s", String.join(" ", args), r.err()).isZero();
        return r.out();
    }

    public Result run(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("git");
        cmd.addAll(List.of(args));
        return Processes.run(dir, GIT_ENV, null, cmd);
    }

    public void commitFile(String path, String content) {
        try {
            Path file = dir.resolve(path);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        git("add", path);
        git("commit", "-q", "-m", "add " + path);
    }

    /** {@code git worktree add -b BRANCH ../NAME}: needs at least one commit. */
    public GitRepo addWorktree(String name, String branch) {
        Path wt = dir.resolveSibling(name);
        git("worktree", "add", "-q", "-b", branch, wt.toString());
        return new GitRepo(wt);
    }

    /** The content of a file on the coordination ref, read by git itself. */
    public String showCoordination(String path) {
        return git("show", "refs/ghp/coordination:" + path);
    }

    /** The commit id the coordination ref points at, or null when it does not exist. */
    public String coordinationTip() {
        Result r = run("rev-parse", "-q", "--verify", "refs/ghp/coordination");
        return r.exit() == 0 ? r.out().trim() : null;
    }

    /**
     * A foreign writer: commits {@code content} at {@code path} onto the coordination ref with git's
     * plumbing (a throw-away index, never the repository's own), compare-and-swapped against the tip
     * it read. Used to race ghp-agents, and to plant corrupt or newer-schema state.
     */
    public String commitToCoordination(String path, String content, String message) {
        try {
            Path index = Files.createTempFile("ghp-test-index", "");
            Files.delete(index);
            Map<String, String> env = new java.util.HashMap<>(GIT_ENV);
            env.put("GIT_INDEX_FILE", index.toString());
            String tip = coordinationTip();
            if (tip != null) {
                check(Processes.run(dir, env, null, List.of("git", "read-tree", tip)));
            }
            String blob = check(Processes.run(dir, env, content, List.of("git", "hash-object", "-w", "--stdin"))).trim();
            check(Processes.run(dir, env, null, List.of("git", "update-index", "--add", "--cacheinfo", "100644," + blob + "," + path)));
            String tree = check(Processes.run(dir, env, null, List.of("git", "write-tree"))).trim();
            List<String> commitTree = new ArrayList<>(List.of("git", "commit-tree", tree, "-m", message));
            if (tip != null) {
                commitTree.add("-p");
                commitTree.add(tip);
            }
            String commit = check(Processes.run(dir, env, null, commitTree)).trim();
            git("update-ref", "refs/ghp/coordination", commit, tip == null ? "" : tip);
            Files.deleteIfExists(index);
            return commit;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String check(Result r) {
        assertThat(r.exit()).as("git failed: %s", r.err()).isZero();
        return r.out();
    }

    /** The git directory every worktree of this clone shares. */
    public Path commonDir() {
        return dir.resolve(git("rev-parse", "--git-common-dir").trim()).normalize();
    }

    /** JGit's lock file for the coordination ref, as a killed writer would leave it. */
    public Path coordinationRefLock() {
        return commonDir().resolve("refs/ghp/coordination.lock");
    }

    /** The agent table on a given ref (a bare remote's, a tracking ref), read by git itself. */
    public String showCoordinationIn(String ref) {
        return git("show", ref + ":.ghp/agent-status.json");
    }

    public boolean hasCoordinationRef() {
        return run("rev-parse", "-q", "--verify", "refs/ghp/coordination").exit() == 0;
    }

    public int coordinationCommits() {
        if (!hasCoordinationRef()) {
            return 0;
        }
        return Integer.parseInt(git("rev-list", "--count", "refs/ghp/coordination").trim());
    }

    /** {@code git fsck --strict} must pass and say nothing about errors or warnings. */
    public void assertFsckClean() {
        Result r = run("fsck", "--strict", "--no-dangling");
        assertThat(r.exit()).as("git fsck: %s %s", r.out(), r.err()).isZero();
        assertThat(r.err()).doesNotContainIgnoringCase("error").doesNotContainIgnoringCase("warning");
    }

    /** Process output. */
    public record Result(int exit, String out, String err) {
    }

    /** Runs processes with a clean environment on top of the inherited one. */
    public static final class Processes {
        private Processes() {
        }

        /**
         * Drops the inherited agent-session markers: a test is a person at a terminal unless it sets
         * one, also when the suite runs inside an agent's session (where --by alice is refused, #24).
         */
        public static void outsideAgentSessions(Map<String, String> inherited) {
            dev.ghp.agents.input.AgentSession.MARKER_VARIABLES.forEach(inherited::remove);
        }

        public static Result run(Path dir, Map<String, String> env, String stdin, List<String> cmd) {
            try {
                ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
                outsideAgentSessions(pb.environment());
                pb.environment().putAll(env);
                Path out = Files.createTempFile("proc", ".out");
                Path err = Files.createTempFile("proc", ".err");
                pb.redirectOutput(out.toFile()).redirectError(err.toFile());
                Process p = pb.start();
                try (var in = p.getOutputStream()) {
                    if (stdin != null) {
                        in.write(stdin.getBytes(StandardCharsets.UTF_8));
                    }
                } catch (IOException e) {
                    // A process may end without reading its input (a guarded hook command that does
                    // nothing, as agents run them): a broken pipe is not the test's failure; its exit
                    // code and output, checked by the caller, say what it did.
                }
                if (!p.waitFor(120, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError("timed out: " + cmd);
                }
                Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
                Files.delete(out);
                Files.delete(err);
                return r;
            } catch (IOException e) {
                throw new AssertionError(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}

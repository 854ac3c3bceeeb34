package dev.ghp.agents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.testing.GitRepo;
import dev.ghp.agents.testing.Launcher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commit guard with real {@code git commit}s, through the hook that {@code bin/ghp agent-guard install} writes. */
class CommitGuardIT {
    static final Map<String, String> COMMITTER = Map.of("GHP_AGENT", "committer");
    static final Map<String, String> HOLDER = Map.of("GHP_AGENT", "holder");

    @TempDir
    Path tmp;
    GitRepo repo;

    @BeforeEach
    void setUp() {
        repo = GitRepo.init(tmp, "repo");
        repo.commitFile("README.md", "guarded\n");
        GitRepo.Result claim = ghp(repo.dir(), Map.of(), "agent-heartbeat", "--agent", "holder", "--issue", "1",
                "--files", "src/parser/**");
        assertThat(claim.exit()).as(claim.err()).isZero();
    }

    GitRepo.Result install(Path dir) {
        GitRepo.Result r = ghp(dir, Map.of(), "agent-guard", "install");
        assertThat(r.exit()).as(r.err()).isZero();
        return r;
    }

    GitRepo.Result commit(Path dir, Map<String, String> env, String path, String content) throws Exception {
        Path file = dir.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        assertThat(run(dir, env, "git", "add", path).exit()).isZero();
        return run(dir, env, "git", "commit", "-q", "-m", "change " + path);
    }

    String head(Path dir) {
        return GitRepo.at(dir).git("rev-parse", "HEAD").trim();
    }

    @Test
    void aCommitTouchingAnotherLiveAgentsScopeIsRefusedNamingTheFileAndTheHolder() throws Exception {
        install(repo.dir());
        String before = head(repo.dir());

        GitRepo.Result r = commit(repo.dir(), COMMITTER, "src/parser/Lexer.java", "class Lexer {}\n");

        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("ghp: error: this commit touches a file in another agent's scope: "
                + "src/parser/Lexer.java (holder holds src/parser/**, seen ");
        assertThat(r.out()).isEmpty();
        assertThat(head(repo.dir())).isEqualTo(before);
    }

    @Test
    void filesOutsideEveryScopeAndTheHoldersOwnFilesCommitNormally() throws Exception {
        install(repo.dir());
        assertThat(commit(repo.dir(), COMMITTER, "docs/guide.md", "guide\n").exit()).isZero();
        GitRepo.Result own = commit(repo.dir(), HOLDER, "src/parser/Parser.java", "class Parser {}\n");
        assertThat(own.exit()).as(own.err()).isZero();
        assertThat(own.err()).isEmpty();
    }

    void config(String json) throws Exception {
        Files.createDirectories(repo.dir().resolve(".ghp"));
        Files.writeString(repo.dir().resolve(".ghp/config.json"), json);
    }

    @Test
    void anAgentCommitsASharedFileOnlyWithAnApproval() throws Exception {
        config("{\"agents\": {\"sharedFiles\": [\"README.md\", \"src/core/**\"]}}");
        assertThat(ghp(repo.dir(), Map.of(), "agent-heartbeat", "--agent", "committer", "--issue", "2",
                "--files", "src/lexer/**").exit()).isZero();
        install(repo.dir());
        String before = head(repo.dir());

        GitRepo.Result r = commit(repo.dir(), COMMITTER, "README.md", "changed\n");

        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("ghp: error: this commit touches a shared file without an approval: "
                + "README.md (agents.sharedFiles README.md)");
        assertThat(r.err()).contains("hint: ask for an approval: ghp agent-heartbeat --files README.md");
        assertThat(head(repo.dir())).isEqualTo(before);
        repo.git("reset", "-q", "--", "README.md");
        assertThat(commit(repo.dir(), COMMITTER, "src/lexer/Lexer.java", "x\n").exit()).as("its own files").isZero();

        GitRepo.Result ask = ghp(repo.dir(), COMMITTER, "agent-heartbeat", "--files", "src/lexer/**", "--files", "README.md");
        assertThat(ask.exit()).isEqualTo(3);
        String id = ask.err().replaceAll("(?s).*asked in (esc-[0-9a-f]+).*", "$1");
        assertThat(commit(repo.dir(), COMMITTER, "README.md", "still pending\n").exit()).as("pending is not approved").isNotZero();
        repo.git("reset", "-q", "--", "README.md");
        GitRepo.Result approve = ghp(repo.dir(), Map.of(), "agent-escalate", "--resolve", id, "--approve", "--by", "orchestrator");
        assertThat(approve.exit()).as(approve.err()).isZero();

        GitRepo.Result approved = commit(repo.dir(), COMMITTER, "README.md", "approved\n");
        assertThat(approved.exit()).as(approved.err()).isZero();
        assertThat(repo.git("fsck", "--strict")).doesNotContain("error");
    }

    @Test
    void aBrokenConfigurationRefusesTheCommitAndNamesTheFix() throws Exception {
        install(repo.dir());
        config("{\"agents\": {\"sharedFiles\": [\"README.md\"]");
        String before = head(repo.dir());

        GitRepo.Result r = commit(repo.dir(), COMMITTER, "src/parser/Lexer.java", "x\n");

        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("ghp: error: the commit guard cannot read its settings: ")
                .contains("hint: fix .ghp/config.json");
        assertThat(head(repo.dir())).isEqualTo(before);
    }

    @Test
    void anInvalidGhpAgentRefusesTheCommitInsteadOfPassingIt() throws Exception {
        install(repo.dir());

        GitRepo.Result r = commit(repo.dir(), Map.of("GHP_AGENT", "no spaces/allowed"), "src/parser/Lexer.java", "x\n");

        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("ghp: error: the commit guard cannot tell who commits: ")
                .contains("hint: fix it: set GHP_AGENT");
    }

    @Test
    void theCommittersOwnStaleLimitDoesNotMakeTheHolderStale() throws Exception {
        install(repo.dir());

        GitRepo.Result r = commit(repo.dir(), Map.of("GHP_AGENT", "committer", "GHP_STALE_AFTER", "1ms"),
                "src/parser/Lexer.java", "x\n");

        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("holder holds src/parser/**");
    }

    @Test
    void ghpGuardWarnOnlyWarns() throws Exception {
        install(repo.dir());
        Map<String, String> env = Map.of("GHP_AGENT", "committer", "GHP_GUARD", "warn");
        GitRepo.Result r = commit(repo.dir(), env, "src/parser/Lexer.java", "x\n");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("ghp: warning: this commit touches a file in another agent's scope").contains("GHP_GUARD=warn");
    }

    @Test
    void commitAllUsesGitsTemporaryIndexAndIsGuardedToo() throws Exception {
        Path file = repo.dir().resolve("src/parser/Old.java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "v1\n");
        repo.git("add", ".");
        repo.git("commit", "-q", "-m", "before the guard");
        install(repo.dir());
        Files.writeString(file, "v2\n");

        GitRepo.Result r = run(repo.dir(), COMMITTER, "git", "commit", "-q", "-a", "-m", "all");

        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("src/parser/Old.java (holder holds src/parser/**");
    }

    @Test
    void theGuardWorksInALinkedWorktree() throws Exception {
        GitRepo wt = repo.addWorktree("wt-feature", "feature");
        install(wt.dir());
        assertThat(Files.exists(repo.dir().resolve(".git/hooks/pre-commit"))).as("shared hooks dir").isTrue();

        GitRepo.Result r = commit(wt.dir(), COMMITTER, "src/parser/Lexer.java", "x\n");

        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("holder holds src/parser/**");
        assertThat(commit(repo.dir(), COMMITTER, "src/parser/Main.java", "x\n").exit()).as("and in the main one").isNotZero();
    }

    @Test
    void anAbsoluteCoreHooksPathIsHonoured() throws Exception {
        Path hooks = tmp.resolve("shared-hooks");
        repo.git("config", "core.hooksPath", hooks.toString());

        install(repo.dir());

        assertThat(Files.isExecutable(hooks.resolve("pre-commit"))).isTrue();
        assertThat(repo.git("rev-parse", "--git-path", "hooks").trim()).isEqualTo(hooks.toString());
        assertThat(Files.exists(repo.dir().resolve(".git/hooks/pre-commit"))).isFalse();
        assertThat(commit(repo.dir(), COMMITTER, "src/parser/Lexer.java", "x\n").exit()).isNotZero();
    }

    @Test
    void aRelativeCoreHooksPathIsResolvedInTheWorktreeAsGitDoes() throws Exception {
        repo.git("config", "core.hooksPath", ".githooks");

        GitRepo.Result r = install(repo.dir());

        assertThat(r.err()).contains("core.hooksPath is relative");
        assertThat(Files.isExecutable(repo.dir().resolve(".githooks/pre-commit"))).isTrue();
        assertThat(commit(repo.dir(), COMMITTER, "src/parser/Lexer.java", "x\n").exit()).isNotZero();
    }

    @Test
    void aHookThatWasThereBeforeStillRunsAndUninstallPutsItBack() throws Exception {
        Path hook = repo.dir().resolve(".git/hooks/pre-commit");
        String original = "#!/bin/sh\necho ran >> \"$(git rev-parse --show-toplevel)/../previous-hook.log\"\nexit 0\n";
        Files.writeString(hook, original);
        Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path log = tmp.resolve("previous-hook.log");

        GitRepo.Result installed = install(repo.dir());
        assertThat(installed.out()).contains("kept as pre-commit.ghp-previous and still runs");
        assertThat(commit(repo.dir(), COMMITTER, "docs/a.md", "a\n").exit()).isZero();
        assertThat(Files.readString(log)).isEqualTo("ran\n");
        assertThat(commit(repo.dir(), COMMITTER, "src/parser/Lexer.java", "x\n").exit()).isNotZero();
        assertThat(Files.readString(log)).as("refused before the previous hook").isEqualTo("ran\n");

        GitRepo.Result removed = ghp(repo.dir(), Map.of(), "agent-guard", "uninstall");

        assertThat(removed.exit()).isZero();
        assertThat(Files.readString(hook)).isEqualTo(original);
        assertThat(Files.isExecutable(hook)).isTrue();
        assertThat(Files.exists(repo.dir().resolve(".git/hooks/pre-commit.ghp-previous"))).isFalse();
        assertThat(run(repo.dir(), COMMITTER, "git", "commit", "-q", "-m", "now unguarded").exit()).isZero();
        assertThat(Files.readString(log)).isEqualTo("ran\nran\n");
    }

    @Test
    void aPreviousHookThatFailsStillStopsTheCommit() throws Exception {
        Path hook = repo.dir().resolve(".git/hooks/pre-commit");
        Files.writeString(hook, "#!/bin/sh\necho 'lint failed' >&2\nexit 1\n");
        Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));
        install(repo.dir());

        GitRepo.Result r = commit(repo.dir(), COMMITTER, "docs/a.md", "a\n");

        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("lint failed");
    }

    @Test
    void installingTwiceUpdatesAndUninstallingWithoutAGuardChangesNothing() {
        install(repo.dir());
        GitRepo.Result again = install(repo.dir());
        assertThat(again.out()).contains("commit guard updated");
        assertThat(Files.exists(repo.dir().resolve(".git/hooks/pre-commit.ghp-previous"))).isFalse();
        ghp(repo.dir(), Map.of(), "agent-guard", "uninstall");
        GitRepo.Result none = ghp(repo.dir(), Map.of(), "agent-guard", "uninstall");
        assertThat(none.exit()).isZero();
        assertThat(none.out()).contains("No commit guard installed");
    }

    static GitRepo.Result ghp(Path dir, Map<String, String> env, String... args) {
        Launcher launcher = new Launcher(dir);
        env.forEach(launcher::env);
        return launcher.run(args);
    }

    /** Runs a command (git, usually) in the tests' git environment plus the given variables. */
    static GitRepo.Result run(Path dir, Map<String, String> env, String... cmd) {
        Map<String, String> all = new java.util.HashMap<>(GitRepo.GIT_ENV);
        all.put("NO_COLOR", "1");
        all.putAll(env);
        return GitRepo.Processes.run(dir, all, null, List.of(cmd));
    }
}

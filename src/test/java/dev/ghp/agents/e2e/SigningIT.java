package dev.ghp.agents.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.model.StorePaths;
import dev.ghp.agents.testing.GitRepo;
import dev.ghp.agents.testing.Launcher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signed coordination commits (#24) through {@code bin/ghp}, with a real ed25519 key made by
 * {@code ssh-keygen}: a heartbeat is signed as git is set to sign, {@code git verify-commit} (the
 * independent checker) accepts it, and {@code agent-status --timeline} marks it verified; a key
 * the allowed-signers file does not list is unverified; signing off writes what it always did; a
 * hook whose key cannot be used fails its heartbeat quietly.
 */
class SigningIT {
    @TempDir
    Path tmp;
    GitRepo repo;
    Path key;

    @BeforeEach
    void aRepositoryWhoseGitSignsWithSsh() throws Exception {
        repo = GitRepo.init(tmp, "repo");
        repo.commitFile("README.md", "app\n");
        key = sshKey("trusted");
        repo.git("config", "commit.gpgsign", "true");
        repo.git("config", "gpg.format", "ssh");
        repo.git("config", "user.signingkey", key + ".pub");
        repo.git("config", "gpg.ssh.allowedSignersFile", allowedSigners(key).toString());
    }

    @Test
    void aHeartbeatIsSignedGitVerifiesItAndTheTimelineMarksItVerified() {
        GitRepo.Result hb = ghp(Map.of("GHP_AGENT", "worker-1"), "agent-heartbeat", "--issue", "7");
        assertThat(hb.exit()).as(hb.err()).isZero();

        GitRepo.Result verify = repo.run("verify-commit", StorePaths.REF);
        assertThat(verify.exit()).as("git verify-commit: %s", verify.err()).isZero();
        repo.assertFsckClean();
        assertThat(writers("worker-1").get(0).path("signature").asText()).isEqualTo("verified");
        GitRepo.Result text = ghp(Map.of(), "agent-status", "--timeline", "--since", "1h");
        assertThat(text.exit()).as(text.err()).isZero();
        assertThat(text.out()).contains("worker-1: agent worker-1 · ghp · ").contains(" [signed, verified] (1 commit)");
    }

    @Test
    void aCommitByAKeyTheAllowedSignersDoNotListIsUnverified() throws Exception {
        Path stranger = sshKey("stranger");
        repo.git("config", "user.signingkey", stranger + ".pub");

        GitRepo.Result hb = ghp(Map.of("GHP_AGENT", "worker-1"), "agent-heartbeat", "--issue", "7");
        assertThat(hb.exit()).as(hb.err()).isZero();

        assertThat(repo.git("cat-file", "commit", StorePaths.REF)).contains("-----BEGIN SSH SIGNATURE-----");
        assertThat(repo.run("verify-commit", StorePaths.REF).exit()).isNotZero();
        assertThat(writers("worker-1").get(0).path("signature").asText()).isEqualTo("unverified");
        assertThat(ghp(Map.of(), "agent-status", "--timeline", "--since", "1h").out())
                .contains("[signed, unverified] (1 commit)");
    }

    @Test
    void withSigningOffAHeartbeatIsUnsignedAsBefore() {
        repo.git("config", "commit.gpgsign", "false");

        GitRepo.Result hb = ghp(Map.of("GHP_AGENT", "worker-1"), "agent-heartbeat", "--issue", "7");
        assertThat(hb.exit()).as(hb.err()).isZero();

        assertThat(repo.git("cat-file", "commit", StorePaths.REF)).doesNotContain("gpgsig");
        assertThat(writers("worker-1").get(0).path("signature").asText()).isEqualTo("none");
        assertThat(ghp(Map.of(), "agent-status", "--timeline", "--since", "1h").out()).doesNotContain("[signed");
    }

    @Test
    void aKeyThatCannotBeUsedFailsTheCommandWithOneLineAndAHookQuietly() {
        repo.git("config", "user.signingkey", tmp.resolve("missing.pub").toString());

        GitRepo.Result hb = ghp(Map.of("GHP_AGENT", "worker-1"), "agent-heartbeat", "--issue", "7");
        assertThat(hb.exit()).isEqualTo(5);
        assertThat(hb.err()).startsWith("ghp: error: cannot sign the coordination commit (commit.gpgsign=true, gpg.format ssh): ");
        assertThat(hb.err().lines()).hasSize(2);
        assertThat(hb.err().lines().skip(1).findFirst().orElse("")).startsWith("hint: check user.signingkey")
                .contains("git config commit.gpgsign false");
        assertThat(repo.hasCoordinationRef()).as("nothing written unsigned").isFalse();

        String event = "{\"session_id\": \"s-1\", \"transcript_path\": \"/tmp/t.jsonl\", \"cwd\": \"" + repo.dir()
                + "\", \"hook_event_name\": \"SessionStart\", \"source\": \"startup\"}";
        Launcher launcher = launcher(Map.of("GHP_AGENT", "worker-1", "CLAUDECODE", "1"));
        GitRepo.Result hook = launcher.runWithInput(event, "agent-hooks", "run", "session-start");
        assertThat(hook.exit()).as("a hook never blocks an agent; stderr: %s", hook.err()).isZero();
        assertThat(hook.err()).contains("cannot sign the coordination commit");
        assertThat(repo.hasCoordinationRef()).isFalse();
    }

    private List<JsonNode> writers(String agent) {
        GitRepo.Result r = ghp(Map.of(), "agent-status", "--timeline", "--since", "1h", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        try {
            JsonNode writers = Json.parseObject(r.out()).path("agents").path(agent).path("writtenBy");
            assertThat(writers).as(r.out()).isNotEmpty();
            return java.util.stream.StreamSupport.stream(writers.spliterator(), false).toList();
        } catch (Exception e) {
            throw new AssertionError(r.out(), e);
        }
    }

    private Path sshKey(String name) {
        Path file = tmp.resolve(name);
        GitRepo.Result r = GitRepo.Processes.run(tmp, Map.of(), null,
                List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", file.toString()));
        assertThat(r.exit()).as(r.err()).isZero();
        return file;
    }

    private Path allowedSigners(Path trusted) throws Exception {
        Path file = tmp.resolve("allowed_signers");
        Files.writeString(file, "* " + Files.readString(Path.of(trusted + ".pub")).strip() + "\n");
        return file;
    }

    private Launcher launcher(Map<String, String> env) {
        Launcher launcher = new Launcher(repo.dir()).env("USER", "tester").env("HOME", tmp.toString());
        env.forEach(launcher::env);
        return launcher;
    }

    private GitRepo.Result ghp(Map<String, String> env, String... args) {
        return launcher(env).run(args);
    }
}

package dev.ghp.agents.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ghp.agents.errors.StateException;
import dev.ghp.agents.git.RepoContext;
import dev.ghp.agents.git.RepoLocator;
import dev.ghp.agents.model.StorePaths;
import dev.ghp.agents.testing.GitRepo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Coordination commits are signed the way the user's git signs commits (#24), with a real ssh key
 * made by {@code ssh-keygen}, and {@code git verify-commit} as the independent checker.
 */
class CommitSigningTest {
    @TempDir
    Path tmp;

    @Test
    void aWriteIsSignedWithTheSshKeyGitSignsWithAndGitVerifiesIt() throws Exception {
        GitRepo repo = GitRepo.init(tmp, "repo");
        Path key = sshKey("trusted");
        signWith(repo, key, allowedSigners(key));

        write(repo, "heartbeat worker-1");

        assertThat(repo.run("verify-commit", StorePaths.REF).exit()).as("git verify-commit").isZero();
        repo.assertFsckClean();
        assertThat(lastSignature(repo)).isEqualTo(CommitSignature.VERIFIED);
    }

    @Test
    void aCommitSignedByAKeyNotAllowedIsUnverified() throws Exception {
        GitRepo repo = GitRepo.init(tmp, "repo");
        Path trusted = sshKey("trusted");
        Path stranger = sshKey("stranger");
        signWith(repo, stranger, allowedSigners(trusted));

        write(repo, "heartbeat worker-1");

        assertThat(repo.git("cat-file", "commit", StorePaths.REF)).contains("-----BEGIN SSH SIGNATURE-----");
        assertThat(repo.run("verify-commit", StorePaths.REF).exit()).as("git verify-commit").isNotZero();
        assertThat(lastSignature(repo)).isEqualTo(CommitSignature.UNVERIFIED);
    }

    @Test
    void aVerdictKeptFromAnEarlierViewIsDroppedWhenTheAllowedSignersChange() throws Exception {
        GitRepo repo = GitRepo.init(tmp, "repo");
        Path key = sshKey("trusted");
        Path allowed = allowedSigners(key);
        signWith(repo, key, allowed);
        write(repo, "heartbeat worker-1");
        assertThat(lastSignature(repo)).isEqualTo(CommitSignature.VERIFIED);
        assertThat(repo.commonDir().resolve("ghp-signatures")).content().contains(repo.coordinationTip() + " verified");

        Path other = sshKey("other");
        Files.writeString(allowed, "* " + Files.readString(Path.of(other + ".pub")).strip() + "\n");

        assertThat(repo.run("verify-commit", StorePaths.REF).exit()).as("git verify-commit").isNotZero();
        assertThat(lastSignature(repo)).isEqualTo(CommitSignature.UNVERIFIED);
    }

    @Test
    void withSigningOffACommitIsUnsigned() throws Exception {
        GitRepo repo = GitRepo.init(tmp, "repo");
        Path key = sshKey("trusted");
        signWith(repo, key, allowedSigners(key));
        repo.git("config", "commit.gpgsign", "false");

        write(repo, "heartbeat worker-1");

        assertThat(repo.git("cat-file", "commit", StorePaths.REF)).doesNotContain("gpgsig");
        assertThat(lastSignature(repo)).isEqualTo(CommitSignature.NONE);
    }

    @Test
    void aKeyThatCannotBeReadFailsTheWriteAndWritesNothing() throws Exception {
        GitRepo repo = GitRepo.init(tmp, "repo");
        Path key = sshKey("trusted");
        signWith(repo, key, allowedSigners(key));
        write(repo, "first");
        String tip = repo.coordinationTip();
        repo.git("config", "user.signingkey", tmp.resolve("no-such-key.pub").toString());

        assertThatThrownBy(() -> write(repo, "second"))
                .isInstanceOf(StateException.class)
                .hasMessageStartingWith("cannot sign the coordination commit (commit.gpgsign=true, gpg.format ssh): ")
                .satisfies(e -> assertThat(((StateException) e).getMessage()).doesNotContain("\n"));
        assertThat(repo.coordinationTip()).isEqualTo(tip);
    }

    @Test
    void withGpgFormatOpenpgpGpgSignsAndGitVerifies() throws Exception {
        GitRepo repo = GitRepo.init(tmp, "repo");
        Path gnupg = Files.createDirectories(tmp.resolve("gnupg"));
        gnupg.toFile().setReadable(false, false);
        gnupg.toFile().setReadable(true, true);
        gnupg.toFile().setExecutable(false, false);
        gnupg.toFile().setExecutable(true, true);
        // gpg.program pointing at a wrapper: the test's own keyring, for ghp's gpg and git's alike.
        Path gpg = tmp.resolve("gpg");
        Files.writeString(gpg, "#!/bin/sh\nGNUPGHOME='" + gnupg + "' exec gpg \"$@\"\n");
        gpg.toFile().setExecutable(true);
        try {
            GitRepo.Result made = GitRepo.Processes.run(tmp, Map.of(), null, List.of(gpg.toString(), "--batch",
                    "--passphrase", "", "--quick-gen-key", "Signer <signer@example.com>", "ed25519", "sign", "never"));
            assertThat(made.exit()).as(made.err()).isZero();
            repo.git("config", "commit.gpgsign", "true");
            repo.git("config", "gpg.program", gpg.toString());
            repo.git("config", "user.signingkey", "signer@example.com");

            write(repo, "heartbeat worker-1");

            assertThat(repo.git("cat-file", "commit", StorePaths.REF)).contains("-----BEGIN PGP SIGNATURE-----");
            GitRepo.Result verify = repo.run("verify-commit", StorePaths.REF);
            assertThat(verify.exit()).as("git verify-commit: %s", verify.err()).isZero();
            assertThat(lastSignature(repo)).isEqualTo(CommitSignature.VERIFIED);
        } finally {
            // gpg started an agent for the test's keyring: it goes with the test.
            GitRepo.Processes.run(tmp, Map.of("GNUPGHOME", gnupg.toString()), null, List.of("gpgconf", "--kill", "gpg-agent"));
        }
    }

    private void write(GitRepo repo, String message) throws Exception {
        RepoContext rc = RepoLocator.open(repo.dir());
        try (var r = rc.repository()) {
            new GitRefStore(rc.repository(), Clock.systemUTC())
                    .update(s -> Change.of(message, "worker-1").put(StorePaths.STATUS,
                            ("{\"schemaVersion\": 1, \"agents\": {\"worker-1\": {\"status\": \"implementing\", \"lastSeen\": \""
                                    + Instant.now() + "\", \"message\": \"" + message + "\"}}}\n")
                                    .getBytes(StandardCharsets.UTF_8)));
        }
    }

    private static CommitSignature lastSignature(GitRepo repo) throws Exception {
        RepoContext rc = RepoLocator.open(repo.dir());
        try (var r = rc.repository()) {
            List<CoordinationHistory.State> states = new CoordinationHistory(rc.repository())
                    .since(Instant.now().minusSeconds(3600)).states();
            return states.get(states.size() - 1).signature();
        }
    }

    /** The settings a user who signs with ssh has: commit.gpgsign, gpg.format ssh, the key, the allowed signers. */
    static void signWith(GitRepo repo, Path key, Path allowedSigners) {
        repo.git("config", "commit.gpgsign", "true");
        repo.git("config", "gpg.format", "ssh");
        repo.git("config", "user.signingkey", key + ".pub");
        repo.git("config", "gpg.ssh.allowedSignersFile", allowedSigners.toString());
    }

    /** A new ed25519 key without a passphrase: {@code ssh-keygen -t ed25519 -N '' -f <tmp>/name}. */
    Path sshKey(String name) {
        Path key = tmp.resolve(name);
        GitRepo.Result r = GitRepo.Processes.run(tmp, Map.of(), null,
                List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", key.toString()));
        assertThat(r.exit()).as(r.err()).isZero();
        return key;
    }

    /** An allowed-signers file that trusts {@code key} for any principal (as git's docs show it). */
    Path allowedSigners(Path key) throws Exception {
        Path file = tmp.resolve("allowed_signers");
        Files.writeString(file, "* " + Files.readString(Path.of(key + ".pub")).strip() + "\n");
        return file;
    }
}

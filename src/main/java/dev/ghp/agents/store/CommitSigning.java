package dev.ghp.agents.store;

import dev.ghp.agents.errors.StateException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.GpgConfig;
import org.eclipse.jgit.lib.GpgSignature;
import org.eclipse.jgit.lib.Repository;

/**
 * Signs the commits of the record the way the user's git signs commits (#24): nothing unless the
 * repository's effective config (repository, global, system: the files git reads) says
 * {@code commit.gpgsign=true}; then as git itself does, with the program git runs for
 * {@code gpg.format}: ssh through {@code ssh-keygen -Y sign -n git} ({@code gpg.ssh.program}; a key
 * file in {@code user.signingkey}, or a {@code key::} literal whose private half is in the agent),
 * openpgp through {@code gpg -bsau} ({@code gpg.program}). Not JGit's own ssh signer: without an
 * EdDSA provider (BouncyCastle or net.i2p) on the class path, Apache MINA sshd cannot read an
 * ed25519 key, the kind git's and GitHub's guides make (docs/decisions.md, "#24 signed
 * coordination commits"). When signing was asked for and fails, the write fails: an unsigned
 * commit would pass for one whose key was refused.
 */
final class CommitSigning {
    /** How long the signing program may take: it may wait on a passphrase prompt, which no one answers here. */
    private static final long TIMEOUT_SECONDS = 10;
    private static final String LITERAL = "key::";

    /**
     * The variables the signing programs read from the caller: where its keys, agents and home are.
     * A daemon runs many callers' commands; each signs as it would in its own process.
     */
    static final List<String> CALLER_VARIABLES = List.of("HOME", "PATH", "SSH_AUTH_SOCK", "GNUPGHOME", "GPG_TTY");

    private final Repository repo;
    /** The caller's variables, or null: this process's own. */
    private Map<String, String> caller;

    CommitSigning(Repository repo) {
        this.repo = repo;
    }

    void callerVariables(Map<String, String> variables) {
        this.caller = variables;
    }

    /** The caller's values of {@link #CALLER_VARIABLES} in {@code target} (a child process's environment). */
    static void applyCaller(Map<String, String> target, Map<String, String> caller) {
        if (caller == null) {
            return;
        }
        for (String name : CALLER_VARIABLES) {
            String value = caller.get(name);
            if (value == null || value.isEmpty()) {
                target.remove(name);
            } else {
                target.put(name, value);
            }
        }
    }

    /**
     * Signs {@code commit} (its content as it is now) when the config asks for signed commits;
     * leaves it as it is otherwise. The config is read on every commit (JGit re-reads a changed
     * file), so a daemon follows a setting changed while it runs.
     */
    void sign(CommitBuilder commit) {
        Config config = repo.getConfig();
        GpgConfig gpg = new GpgConfig(config);
        if (!gpg.isSignCommits()) {
            return;
        }
        GpgConfig.GpgFormat format = gpg.getKeyFormat();
        try {
            commit.setGpgSignature(null);
            byte[] content = commit.build();
            commit.setGpgSignature(switch (format) {
                case SSH -> sshKeygen(config, gpg, content);
                case OPENPGP -> gpg(gpg, content);
                default -> throw failed(format, "gpg.format " + format.toConfigValue() + " is not supported by ghp",
                        "use gpg.format ssh or openpgp");
            });
        } catch (IOException e) {
            throw failed(format, oneLine(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()),
                    "check that the signing program is installed");
        }
    }

    /** What git does for ssh: the content in a file, {@code ssh-keygen -Y sign -n git -f <key> <file>}, the signature in {@code <file>.sig}. */
    private GpgSignature sshKeygen(Config config, GpgConfig gpg, byte[] content) throws IOException {
        String key = gpg.getSigningKey();
        if (key == null || key.isBlank()) {
            throw failed(GpgConfig.GpgFormat.SSH, "user.signingkey is not set",
                    "set it to your ssh key's .pub file: git config user.signingkey ~/.ssh/id_ed25519.pub");
        }
        String program = config.getString("gpg", "ssh", "program");
        program = program == null || program.isBlank() ? "ssh-keygen" : program;
        Path dir = Files.createTempDirectory("ghp-sign");
        try {
            Path buffer = dir.resolve("commit");
            Files.write(buffer, content);
            List<String> command = new ArrayList<>(List.of(program, "-Y", "sign", "-n", "git", "-f"));
            if (key.startsWith(LITERAL)) {
                Path literal = dir.resolve("key.pub");
                Files.writeString(literal, key.substring(LITERAL.length()).strip() + "\n");
                command.addAll(List.of(literal.toString(), "-U"));
            } else {
                command.add(home(key));
            }
            command.add(buffer.toString());
            Ran ran = run(command, null);
            Path sig = dir.resolve("commit.sig");
            if (ran.exit() != 0 || !Files.isRegularFile(sig)) {
                throw failed(GpgConfig.GpgFormat.SSH, program + ": " + lastLine(ran.err(), ran.exit()),
                        "check user.signingkey (" + oneLine(key) + "); a key with a passphrase must be in ssh-agent");
            }
            return new GpgSignature(Files.readAllBytes(sig));
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    /** What git does for openpgp: {@code gpg --status-fd=2 -bsau <key>} on the content, the armoured signature on stdout. */
    private GpgSignature gpg(GpgConfig gpg, byte[] content) throws IOException {
        String program = gpg.getProgram();
        program = program == null || program.isBlank() ? "gpg" : program;
        List<String> command = new ArrayList<>(List.of(program, "--status-fd=2", "-bsa"));
        if (gpg.getSigningKey() != null && !gpg.getSigningKey().isBlank()) {
            command.addAll(List.of("-u", gpg.getSigningKey()));
        }
        Ran ran = run(command, content);
        if (ran.exit() != 0 || !ran.err().contains("[GNUPG:] SIG_CREATED ")) {
            throw failed(GpgConfig.GpgFormat.OPENPGP, program + ": " + lastLine(ran.err(), ran.exit()),
                    "check user.signingkey and gpg.program; a key with a passphrase must be unlocked in gpg-agent");
        }
        return new GpgSignature(ran.out());
    }

    private record Ran(int exit, byte[] out, String err) {
    }

    /** Runs the signing program with {@code stdin} (or nothing) as input, within {@link #TIMEOUT_SECONDS}. */
    private Ran run(List<String> command, byte[] stdin) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command);
        applyCaller(pb.environment(), caller);
        Process p = pb.start();
        CompletableFuture<byte[]> out = drain(p.getInputStream());
        CompletableFuture<byte[]> err = drain(p.getErrorStream());
        try (OutputStream in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin);
            }
        }
        try {
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(command.get(0) + " did not answer in " + TIMEOUT_SECONDS
                        + "s (waiting for a passphrase?)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted while " + command.get(0) + " signed", e);
        }
        return new Ran(p.exitValue(), out.join(), new String(err.join(), StandardCharsets.UTF_8));
    }

    private static CompletableFuture<byte[]> drain(InputStream s) {
        return CompletableFuture.supplyAsync(() -> {
            try (InputStream in = s) {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                in.transferTo(b);
                return b.toByteArray();
            } catch (IOException e) {
                return new byte[0];
            }
        });
    }

    /** {@code ~/} as git expands it in a path setting: the caller's HOME. */
    private String home(String path) {
        // The caller's HOME only: the JVM's own is the daemon's, another caller's (InvocationContextTest).
        String home = caller == null ? null : caller.get("HOME");
        return path.startsWith("~/") && home != null && !home.isEmpty() ? home + path.substring(1) : path;
    }

    private static String lastLine(String err, int exit) {
        return oneLine(err.lines().filter(l -> !l.startsWith("[GNUPG:]") && !l.isBlank()).reduce((a, b) -> b)
                .orElse("exit " + exit));
    }

    private static StateException failed(GpgConfig.GpgFormat format, String why, String hint) {
        return new StateException("cannot sign the coordination commit (commit.gpgsign=true, gpg.format "
                + format.toConfigValue() + "): " + why,
                hint + "; or turn signing off for this repository: git config commit.gpgsign false");
    }

    private static String oneLine(String s) {
        String line = s.strip().replaceAll("\\p{Cntrl}+", " ");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}

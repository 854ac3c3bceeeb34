package dev.ghp.agents.store;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;

/**
 * Whether a commit of the record carries a signature git trusts (#24), as {@code git verify-commit}
 * decides: for ssh, a key listed in {@code gpg.ssh.allowedSignersFile}; for openpgp, a key the
 * user's keyring trusts. git checks them (one {@code git log} for all the signed commits of a
 * view), not JGit: JGit's ssh verifier cannot read ed25519 keys without an EdDSA provider, and
 * its openpgp one is not shipped. A key not known there, a signature that does not match, or no
 * way to check: unverified, never an error.
 */
public enum CommitSignature {
    /** Signed, and git says the signature is good by a trusted key ({@code %G?} G). */
    VERIFIED,
    /** Signed, but git could not check it or did not trust it. */
    UNVERIFIED,
    /** Not signed. */
    NONE;

    private static final long TIMEOUT_SECONDS = 30;

    /** The word in JSON and on the timeline. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * What git says of each of the {@code signed} commits (all carry a signature): one
     * {@code git log --no-walk --stdin --format='%H %G?'}, so a view pays one process, and
     * nothing when no commit is signed.
     */
    static Map<ObjectId, CommitSignature> verify(Repository repo, Collection<ObjectId> signed) {
        Map<ObjectId, CommitSignature> out = new HashMap<>();
        signed.forEach(id -> out.put(id, UNVERIFIED));
        if (signed.isEmpty()) {
            return out;
        }
        try {
            Process p = new ProcessBuilder(List.of("git", "--git-dir=" + repo.getDirectory().getAbsolutePath(), "log",
                    "--no-walk=unsorted", "--stdin", "--format=%H %G?"))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            CompletableFuture<String> lines = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
            try (OutputStream in = p.getOutputStream()) {
                for (ObjectId id : signed) {
                    in.write((id.name() + "\n").getBytes(StandardCharsets.US_ASCII));
                }
            }
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return out;
            }
            for (String line : lines.join().split("\n")) {
                String[] f = line.strip().split(" ");
                if (f.length == 2 && ObjectId.isId(f[0]) && "G".equals(f[1])) {
                    out.computeIfPresent(ObjectId.fromString(f[0]), (id, was) -> VERIFIED);
                }
            }
        } catch (IOException e) {
            // git cannot be run: every signed commit stays unverified, as the doc says.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return out;
    }

    private static String read(InputStream s) {
        try (InputStream in = s) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            in.transferTo(b);
            return b.toString(StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return "";
        }
    }
}

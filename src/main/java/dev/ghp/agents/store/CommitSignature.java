package dev.ghp.agents.store;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
     * What git says of each of the {@code signed} commits (all carry a signature; the value says
     * whether it is an ssh signature): one {@code git log --no-walk --stdin --format='%H %G?'} for
     * those not already known, nothing when no commit is signed. git runs {@code ssh-keygen} twice
     * for each ssh signature (tens of milliseconds a commit), so the verdicts on ssh signatures are
     * kept ({@link VerdictCache}) as long as the allowed-signers and revocation files stay as they
     * were: a view pays only for the commits made since the last.
     */
    static Map<ObjectId, CommitSignature> verify(Repository repo, Map<ObjectId, Boolean> signed, Map<String, String> caller) {
        Map<ObjectId, CommitSignature> out = new HashMap<>();
        if (signed.isEmpty()) {
            return out;
        }
        VerdictCache cache = VerdictCache.of(repo, caller);
        Map<ObjectId, CommitSignature> known = cache.read();
        List<ObjectId> ask = new ArrayList<>();
        signed.forEach((id, ssh) -> {
            CommitSignature k = ssh ? known.get(id) : null;
            if (k != null) {
                out.put(id, k);
            } else {
                ask.add(id);
            }
        });
        Map<ObjectId, CommitSignature> answered = gitSays(repo, ask, caller);
        for (ObjectId id : ask) {
            out.put(id, answered.getOrDefault(id, UNVERIFIED));
        }
        Map<ObjectId, CommitSignature> keep = new HashMap<>();
        answered.forEach((id, verdict) -> {
            if (Boolean.TRUE.equals(signed.get(id))) {
                keep.put(id, verdict);
            }
        });
        cache.add(known, keep);
        return out;
    }

    /** git's verdict on each of {@code ids} it answered for: none when it could not run, some when it took too long. */
    private static Map<ObjectId, CommitSignature> gitSays(Repository repo, List<ObjectId> ids, Map<String, String> caller) {
        Map<ObjectId, CommitSignature> out = new HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        try {
            ProcessBuilder pb = new ProcessBuilder(List.of("git", "--git-dir=" + repo.getDirectory(),
                    "log", "--no-walk=unsorted", "--stdin", "--format=%H %G?"))
                    .redirectError(ProcessBuilder.Redirect.DISCARD);
            CommitSigning.applyCaller(pb.environment(), caller);
            Process p = pb.start();
            CompletableFuture<String> lines = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
            try (OutputStream in = p.getOutputStream()) {
                for (ObjectId id : ids) {
                    in.write((id.name() + "\n").getBytes(StandardCharsets.US_ASCII));
                }
            }
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                // What git answered so far is kept (and cached): the next view carries on from there.
                p.destroyForcibly();
            }
            for (String line : lines.join().split("\n")) {
                String[] f = line.strip().split(" ");
                if (f.length == 2 && ObjectId.isId(f[0])) {
                    out.put(ObjectId.fromString(f[0]), "G".equals(f[1]) ? VERIFIED : UNVERIFIED);
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

package dev.ghp.agents.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;

/**
 * git's verdicts on ssh-signed commits of the record, kept in {@code ghp-signatures} in the common
 * git directory under a digest of what they depend on: the allowed-signers and revocation files
 * (their paths and contents). git checks a signature against the commit's own time, so a verdict
 * changes only when those files do, and then the whole cache is dropped. Openpgp verdicts depend
 * on the keyring's trust and are never kept. Best effort: a cache that cannot be read or written
 * only costs the time of asking git again.
 */
final class VerdictCache {
    private static final String FILE = "ghp-signatures";
    private static final String SSH_ARMOR = "-----BEGIN SSH SIGNATURE-----";
    /** Beyond this many kept verdicts the file starts again: history is pruned long before that. */
    private static final int MAX = 100_000;

    private final Path file;
    private final String trust;

    private VerdictCache(Path file, String trust) {
        this.file = file;
        this.trust = trust;
    }

    /** @param caller the caller's variables (its HOME expands {@code ~/}, as git does), or null: this process's */
    static VerdictCache of(Repository repo, Map<String, String> caller) {
        Config c = repo.getConfig();
        StringBuilder inputs = new StringBuilder("v1\n");
        for (String key : List.of("allowedSignersFile", "revocationFile")) {
            String path = c.getString("gpg", "ssh", key);
            inputs.append(key).append('=').append(path).append('\n');
            if (path != null) {
                try {
                    inputs.append(HexFormat.of().formatHex(sha256(Files.readAllBytes(Path.of(home(path, caller)))))).append('\n');
                } catch (IOException | RuntimeException e) {
                    inputs.append("unreadable\n");
                }
            }
        }
        return new VerdictCache(repo.getCommonDirectory().toPath().resolve(FILE),
                HexFormat.of().formatHex(sha256(inputs.toString().getBytes(StandardCharsets.UTF_8))));
    }

    static boolean isSsh(byte[] signature) {
        return new String(signature, 0, Math.min(signature.length, SSH_ARMOR.length()), StandardCharsets.US_ASCII)
                .equals(SSH_ARMOR);
    }

    /** The kept verdicts, if they were made with the same trust files; none otherwise. */
    Map<ObjectId, CommitSignature> read() {
        Map<ObjectId, CommitSignature> out = new HashMap<>();
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
            if (lines.isEmpty() || !lines.get(0).equals(trust)) {
                return out;
            }
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split(" ");
                if (f.length == 2 && ObjectId.isId(f[0])) {
                    out.put(ObjectId.fromString(f[0]), "verified".equals(f[1])
                            ? CommitSignature.VERIFIED : CommitSignature.UNVERIFIED);
                }
            }
        } catch (IOException | RuntimeException e) {
            // no cache yet, or one that cannot be read: git is asked again
        }
        return out;
    }

    /** Keeps {@code added} beside {@code known} (what {@link #read} gave), by rename so a reader never sees half a file. */
    void add(Map<ObjectId, CommitSignature> known, Map<ObjectId, CommitSignature> added) {
        if (added.isEmpty()) {
            return;
        }
        Map<ObjectId, CommitSignature> all = new HashMap<>(known.size() + added.size() > MAX ? Map.of() : known);
        all.putAll(added);
        StringBuilder b = new StringBuilder(trust).append('\n');
        all.forEach((id, v) -> b.append(id.name()).append(' ').append(v.word()).append('\n'));
        Path tmp = file.resolveSibling(FILE + "." + ProcessHandle.current().pid() + ".tmp");
        try {
            Files.writeString(tmp, b, StandardCharsets.US_ASCII);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // a stray temp file in the git dir, overwritten by the next try
            }
        }
    }

    private static String home(String path, Map<String, String> caller) {
        // The caller's HOME only, as CommitSigning expands it.
        String home = caller == null ? null : caller.get("HOME");
        return path.startsWith("~/") && home != null && !home.isEmpty() ? home + path.substring(1) : path;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

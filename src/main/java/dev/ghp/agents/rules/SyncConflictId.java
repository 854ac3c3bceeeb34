package dev.ghp.agents.rules;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The id of a conflict agent-sync opens ({@code merge.ClaimConflicts}): {@code esc-} and 8 hex
 * digits of a hash of the sorted pair and the issue (or "files"). The same on every clone, so two
 * clones that find the same conflict write the same file; and only such a conflict has it, so the
 * rules can tell it from one a person opened ({@link SelfClosing}).
 */
public final class SyncConflictId {
    private SyncConflictId() {
    }

    public static String of(String a, String b, Integer issue) {
        String first = a.compareTo(b) <= 0 ? a : b;
        String second = first.equals(a) ? b : a;
        String key = "conflict\n" + first + "\n" + second + "\n" + (issue == null ? "files" : "#" + issue);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return "esc-" + HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}

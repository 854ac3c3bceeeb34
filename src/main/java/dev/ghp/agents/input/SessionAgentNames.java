package dev.ghp.agents.input;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The names a session may take in a worktree another session already works in (docs/decisions.md,
 * "#23 sessions"): the worktree's own name first, then that name with the teammate's name the
 * event gives, then with the first characters of the session's id (what {@code /status} shows a
 * person), then with a counter. Pure: which of them is free is decided elsewhere.
 */
public final class SessionAgentNames {
    /** Enough of a session id to tell a few sessions apart, short enough to read. */
    static final int SUFFIX_LENGTH = 6;
    /** How many numbered fallbacks follow, for sessions whose ids start alike. */
    static final int NUMBERED = 8;

    private SessionAgentNames() {
    }

    /**
     * @param base         the name the worktree (or GHP_AGENT) gives the first session
     * @param sessionId    the session's id, as the agent's hook event carries it
     * @param teammateName the teammate's own name when the event carries one, or null
     * @return the names to try, in order, each a valid agent name
     */
    public static List<String> candidates(String base, String sessionId, String teammateName) {
        Set<String> names = new LinkedHashSet<>();
        names.add(base);
        String teammate = clean(teammateName);
        if (!teammate.isEmpty()) {
            names.add(joined(base, teammate));
        }
        String id = idPrefix(sessionId);
        names.add(joined(base, id));
        for (int i = 2; i < 2 + NUMBERED; i++) {
            names.add(joined(base, id + "-" + i));
        }
        return names.stream().filter(n -> AgentNames.isValid(n) && !ReservedNames.isReserved(n)).toList();
    }

    /** The session id's first letters and digits, lower case; a digest of it when it has too few of them. */
    static String idPrefix(String sessionId) {
        String plain = sessionId == null ? "" : sessionId.replaceAll("[^A-Za-z0-9]", "").toLowerCase(Locale.ROOT);
        return plain.length() >= SUFFIX_LENGTH ? plain.substring(0, SUFFIX_LENGTH) : digest(sessionId).substring(0, SUFFIX_LENGTH);
    }

    /** {@code base-suffix}, the base cut so that the whole stays within 64 characters. */
    private static String joined(String base, String suffix) {
        int room = 64 - suffix.length() - 1;
        String head = base.length() > room ? base.substring(0, room) : base;
        return head + "-" + suffix;
    }

    /** A name from the event: the characters an agent name allows, others turned into '-', at most 24. */
    private static String clean(String raw) {
        if (raw == null) {
            return "";
        }
        String name = raw.trim().replaceAll("[^A-Za-z0-9._-]", "-").replaceAll("-{2,}", "-")
                .replaceAll("^[-.]+", "").replaceAll("-+$", "");
        return name.length() > 24 ? name.substring(0, 24) : name;
    }

    /** SHA-256 of {@code text} in hex: a file name for any session id, whatever its characters. */
    public static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(String.valueOf(text).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}

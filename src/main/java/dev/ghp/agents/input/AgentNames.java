package dev.ghp.agents.input;

import java.nio.file.Path;
import java.util.regex.Pattern;

/** Agent names: {@code [A-Za-z0-9._-]{1,64}} (docs/design.md#the-command-line-contract). */
public final class AgentNames {
    public static final String RULE = "[A-Za-z0-9._-]{1,64}";
    private static final Pattern VALID = Pattern.compile(RULE);

    private AgentNames() {
    }

    public static boolean isValid(String name) {
        return name != null && VALID.matcher(name).matches();
    }

    /** A name derived from a worktree directory: its base name, with other characters turned into '-'. */
    public static String fromWorktree(Path worktree) {
        Path base = worktree == null ? null : worktree.getFileName();
        String raw = base == null ? "" : base.toString();
        String name = raw.replaceAll("[^A-Za-z0-9._-]", "-").replaceAll("-{2,}", "-");
        name = name.replaceAll("^[-.]+", "");
        if (name.length() > 64) {
            name = name.substring(0, 64);
        }
        return name.isEmpty() ? "agent" : name;
    }
}

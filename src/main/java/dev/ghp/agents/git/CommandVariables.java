package dev.ghp.agents.git;

import java.util.Map;
import java.util.function.Supplier;

/**
 * The variables of the command the current thread runs, for the library code under it (JGit,
 * the processes it starts). Apart from {@link JGitSetup} so that setting them, which every command
 * does, loads no JGit class: a command that never opens a repository does not pay for JGit.
 */
public final class CommandVariables {
    /** Inheritable: JGit's own helper threads (a transport's stream copiers) work for the same command. */
    private static final ThreadLocal<Map<String, String>> CURRENT = new InheritableThreadLocal<>();

    private CommandVariables() {
    }

    public static <T> T with(Map<String, String> variables, Supplier<T> body) {
        Map<String, String> before = CURRENT.get();
        CURRENT.set(Map.copyOf(variables));
        try {
            return body.get();
        } finally {
            CURRENT.set(before);
        }
    }

    /** The current command's variables, or null on a thread that runs none. */
    static Map<String, String> current() {
        return CURRENT.get();
    }
}

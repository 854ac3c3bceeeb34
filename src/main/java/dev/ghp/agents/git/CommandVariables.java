package dev.ghp.agents.git;

import java.util.Map;
import java.util.function.Supplier;

/**
 * The variables of the command the current thread runs, for the library code under it (JGit,
 * the processes it starts). Apart from {@link JGitSetup} so that setting them, which every command
 * does, loads no JGit class: a command that never opens a repository does not pay for JGit.
 */
public final class CommandVariables {
    /**
     * Inheritable: JGit's own helper threads (a transport's stream copiers) work for the same command.
     * What they inherit is the command's {@link Scope}, emptied when the command ends: a thread the
     * command started that outlives it (a shared pool's worker, the JDK's delay scheduler, an HTTP
     * client's executor) keeps no caller's variables, secrets among them, and never lends them to
     * the next command it happens to work for.
     */
    private static final ThreadLocal<Scope> CURRENT = new InheritableThreadLocal<>();

    /** One command's variables, for as long as it runs. */
    private static final class Scope {
        volatile Map<String, String> variables;

        Scope(Map<String, String> variables) {
            this.variables = variables;
        }
    }

    private CommandVariables() {
    }

    public static <T> T with(Map<String, String> variables, Supplier<T> body) {
        Scope before = CURRENT.get();
        Scope scope = new Scope(Map.copyOf(variables));
        CURRENT.set(scope);
        try {
            return body.get();
        } finally {
            scope.variables = null;
            CURRENT.set(before);
        }
    }

    /** The current command's variables, or null on a thread that runs none (or ran one that ended). */
    static Map<String, String> current() {
        Scope scope = CURRENT.get();
        return scope == null ? null : scope.variables;
    }
}

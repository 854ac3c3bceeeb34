package dev.ghp.agents.git;

import java.util.Map;

/**
 * The processes started for a command. Each gets exactly the command's variables: a
 * {@link ProcessBuilder} starts from the JVM's own environment, which in the daemon is whichever
 * caller started it, and nothing of it may reach another caller's child. One that must be stopped
 * is stopped with everything it started: a shell script's own children would otherwise keep its
 * pipes open, and whoever reads them waits on.
 */
public final class ChildProcesses {
    private ChildProcesses() {
    }

    /** {@code process} with the command's variables as its whole environment. */
    public static ProcessBuilder withVariables(ProcessBuilder process, Map<String, String> variables) {
        Map<String, String> environment = process.environment();
        environment.clear();
        environment.putAll(variables);
        return process;
    }

    /** Kills the process and its descendants (they are listed first: once it dies they are re-parented). */
    public static void destroyTree(ProcessHandle process) {
        if (process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}

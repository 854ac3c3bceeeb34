package dev.ghp.agents.git;

import java.io.File;
import java.util.Map;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.FS_POSIX;

/**
 * JGit's file system, answering for the command the current thread runs rather than for the JVM:
 * the home directory is the command's {@code HOME} (JGit's own is the passwd entry's, where git
 * reads {@code $HOME}), and every process JGit starts (hooks, a local remote's configured
 * {@code uploadpack}/{@code receivepack}) gets the command's variables, not the JVM's. One
 * instance serves every repository: the daemon keeps repositories open across callers, so what
 * varies by caller is looked up at the moment it is used.
 */
final class CommandFS extends FS_POSIX {
    static final CommandFS INSTANCE = new CommandFS();

    private CommandFS() {
    }

    private CommandFS(FS source) {
        super(source);
    }

    @Override
    public FS newInstance() {
        return new CommandFS(this);
    }

    @Override
    public File userHome() {
        String home = JGitSetup.commandVariable("HOME");
        return home != null ? new File(home) : super.userHome();
    }

    @Override
    public ProcessBuilder runInShell(String cmd, String[] args) {
        ProcessBuilder process = super.runInShell(cmd, args);
        Map<String, String> variables = CommandVariables.current();
        if (variables != null) {
            ChildProcesses.withVariables(process, variables);
        }
        return process;
    }
}

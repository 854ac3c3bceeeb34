package dev.ghp.agents.sync;

import dev.ghp.agents.git.ChildProcesses;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.RemoteSession;
import org.eclipse.jgit.transport.RemoteSession2;
import org.eclipse.jgit.transport.SshSessionFactory;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.util.FS;

/**
 * {@code GIT_SSH} run as JGit runs it (same arguments), but as the command's own child: with the
 * command's variables as its whole environment (JGit's starts from the JVM's, in the daemon
 * another caller's), stopped together with whatever it started when JGit stops it (JGit stops the
 * program only, and a script's {@code ssh} would keep the pipes open and JGit waiting on them),
 * and stopped at the deadline, if one is set, whatever it is doing.
 */
final class ExternalSsh extends SshSessionFactory {
    private final String program;
    private final Map<String, String> variables;
    private final Repository local;
    private final long deadlineNanos;

    /** @param deadlineNanos {@link System#nanoTime()} at which every child is stopped, or 0 for none */
    ExternalSsh(String program, Map<String, String> variables, Repository local, long deadlineNanos) {
        this.program = program;
        this.variables = Map.copyOf(variables);
        this.local = local;
        this.deadlineNanos = deadlineNanos;
    }

    @Override
    public RemoteSession getSession(URIish uri, CredentialsProvider credentials, FS fs, int timeoutMillis) {
        return new Session(uri);
    }

    @Override
    public String getType() {
        return "ghp-agents GIT_SSH";
    }

    private final class Session implements RemoteSession2 {
        private final URIish uri;

        Session(URIish uri) {
            this.uri = uri;
        }

        @Override
        public Process exec(String command, int timeout) throws TransportException {
            return exec(command, null, timeout);
        }

        @Override
        public Process exec(String command, Map<String, String> environment, int timeout) throws TransportException {
            ProcessBuilder builder = ChildProcesses.withVariables(new ProcessBuilder(arguments(command)), variables);
            if (environment != null) {
                builder.environment().putAll(environment);
            }
            File gitDir = local.getDirectory();
            if (gitDir != null) {
                builder.environment().put(Constants.GIT_DIR_KEY, gitDir.getPath());
                builder.environment().put(Constants.GIT_COMMON_DIR_KEY, local.getCommonDirectory().getPath());
            }
            try {
                Process process = new StoppedWithChildren(builder.start());
                if (deadlineNanos != 0) {
                    long left = Math.max(0, deadlineNanos - System.nanoTime());
                    CompletableFuture.delayedExecutor(left, TimeUnit.NANOSECONDS).execute(process::destroy);
                }
                return process;
            } catch (IOException e) {
                throw new TransportException(uri, e.getMessage(), e);
            }
        }

        /** What JGit passes to {@code GIT_SSH} (TransportGitSsh.ExtSession), PuTTY's spelling included. */
        private List<String> arguments(String command) {
            String lower = program.toLowerCase(Locale.ROOT);
            boolean putty = lower.contains("plink");
            List<String> args = new ArrayList<>();
            args.add(program);
            if (putty && !lower.contains("tortoiseplink")) {
                args.add("-batch");
            }
            if (uri.getPort() > 0) {
                args.add(putty ? "-P" : "-p");
                args.add(String.valueOf(uri.getPort()));
            }
            args.add(uri.getUser() != null ? uri.getUser() + "@" + uri.getHost() : uri.getHost());
            args.add(command);
            return args;
        }

        @Override
        public void disconnect() {
            // each exec is its own process, stopped by JGit (or the deadline)
        }
    }

    /** A process whose {@link #destroy()} takes its descendants with it. */
    private static final class StoppedWithChildren extends Process {
        private final Process process;

        StoppedWithChildren(Process process) {
            this.process = process;
        }

        @Override
        public OutputStream getOutputStream() {
            return process.getOutputStream();
        }

        @Override
        public InputStream getInputStream() {
            return process.getInputStream();
        }

        @Override
        public InputStream getErrorStream() {
            return process.getErrorStream();
        }

        @Override
        public int waitFor() throws InterruptedException {
            return process.waitFor();
        }

        @Override
        public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
            return process.waitFor(timeout, unit);
        }

        @Override
        public int exitValue() {
            return process.exitValue();
        }

        @Override
        public boolean isAlive() {
            return process.isAlive();
        }

        @Override
        public long pid() {
            return process.pid();
        }

        @Override
        public ProcessHandle toHandle() {
            return process.toHandle();
        }

        @Override
        public CompletableFuture<Process> onExit() {
            return process.onExit().thenApply(p -> this);
        }

        @Override
        public void destroy() {
            ChildProcesses.destroyTree(process.toHandle());
        }

        @Override
        public Process destroyForcibly() {
            ChildProcesses.destroyTree(process.toHandle());
            return this;
        }
    }
}

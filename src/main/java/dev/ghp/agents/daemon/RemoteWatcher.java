package dev.ghp.agents.daemon;

import dev.ghp.agents.git.CommandVariables;
import dev.ghp.agents.git.JGitSetup;
import dev.ghp.agents.git.RepoContext;
import dev.ghp.agents.sync.RemoteCheck;
import dev.ghp.agents.sync.SyncSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * The daemon's background looks at the remotes ({@link RemoteCheck}): one scheduled thread per
 * repository whose record a command read, which looks every {@code agents.remoteCheck} and syncs
 * when the remote's record moved, so that the next hook run finds the news local and no hook
 * waits on the network. A repository is let go when no read asked for it for {@link #UNUSED}, or
 * when its git directory is gone; at most {@link #MAX_REPOSITORIES} are watched at once (a read
 * in another one looks itself, as without the daemon).
 */
final class RemoteWatcher implements RemoteCheck.Background {
    /** How long a repository is looked after without a read asking for it. */
    static final Duration UNUSED = Duration.ofMinutes(10);
    static final int MAX_REPOSITORIES = 32;
    /** A background look has time: nobody waits for it. */
    static final Duration LOOK_TIMEOUT = Duration.ofSeconds(8);

    /** What the last read of a repository asked for: its settings and its caller's variables. */
    private record Request(SyncSettings settings, Map<String, String> variables, long askedAtNanos) {
    }

    /** One repository's thread and what it was last asked. */
    private final class Watch {
        final Path commonDir;
        final ScheduledExecutorService thread;
        volatile Request request;

        Watch(Path commonDir, Request request) {
            this.commonDir = commonDir;
            this.request = request;
            this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "ghp-remote-check");
                t.setDaemon(true);
                return t;
            });
        }

        void look() {
            Request asked = request;
            if (System.nanoTime() - asked.askedAtNanos() > UNUSED.toNanos() || !Files.isDirectory(commonDir)
                    || !RemoteCheck.enabled(asked.settings())) {
                stop(this);
                return;
            }
            // JGit, and what it starts, see the caller's variables, as in the caller's command.
            CommandVariables.with(asked.variables(), () -> {
                try (Repository repository = new FileRepositoryBuilder().setGitDir(commonDir.toFile())
                        .setFS(JGitSetup.fileSystem()).setMustExist(true).build()) {
                    RepoContext rc = new RepoContext(repository, null, commonDir, null, null);
                    return RemoteCheck.whenDue(rc, asked.settings(), asked.variables(), Clock.systemUTC(), LOOK_TIMEOUT);
                } catch (IOException | RuntimeException e) {
                    // The next look tries again; a read in the meantime shows the local record, as it would anyway.
                    return RemoteCheck.Result.FAILED;
                }
            });
            try {
                thread.schedule(this::look, asked.settings().remoteCheck().orElseThrow().toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                // stopped meanwhile
            }
        }
    }

    private final Map<Path, Watch> watches = new HashMap<>();

    @Override
    public boolean keepLooking(RepoContext rc, SyncSettings settings, Map<String, String> variables) {
        Request request = new Request(settings, Map.copyOf(variables), System.nanoTime());
        synchronized (watches) {
            Watch watch = watches.get(rc.commonDir());
            if (watch != null) {
                watch.request = request;
                return true;
            }
            if (watches.size() >= MAX_REPOSITORIES) {
                return false;
            }
            Watch started = new Watch(rc.commonDir(), request);
            watches.put(rc.commonDir(), started);
            started.thread.execute(started::look);
            return true;
        }
    }

    private void stop(Watch watch) {
        synchronized (watches) {
            watches.remove(watch.commonDir, watch);
        }
        watch.thread.shutdown();
    }

    /** How many repositories are watched now (tests). */
    int watched() {
        synchronized (watches) {
            return watches.size();
        }
    }
}

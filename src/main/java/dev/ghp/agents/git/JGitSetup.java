package dev.ghp.agents.git;

import java.io.File;
import java.nio.file.FileStore;
import java.nio.file.FileSystems;
import java.util.Map;
import java.util.function.Supplier;
import org.eclipse.jgit.internal.util.CleanupService;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.SystemReader;

/**
 * Settles JGit's process-wide settings before the first repository is opened (DESIGN §8):
 * JGit would otherwise fork {@code git} twice to find the system config (about 100 ms), and
 * measure the file system's timestamp resolution on first use. That measurement takes seconds;
 * in the background it never finishes in a short-lived process, so it was redone on every run
 * and left a {@code .probe-*} file in {@code .git/objects} each time. Instead, every file store
 * gets JGit's own conservative fallback (2 s: a file changed within that window is always
 * re-read), below the user's JGit config, where a value JGit measured itself still wins.
 */
public final class JGitSetup {
    private JGitSetup() {
    }

    private static boolean cleanupServiceSet;

    /** The variables of the command this thread runs for, when they are not the process's (the daemon's). */
    private static final ThreadLocal<Map<String, String>> COMMAND_VARIABLES = new InheritableThreadLocal<>();

    public static synchronized void apply() {
        if (SystemReader.getInstance() instanceof NoForkSystemReader) {
            return;
        }
        if (!cleanupServiceSet) {
            cleanupServiceSet = true;
            // JGit registers its clean-up through this service. Made the ordinary way, it loads
            // JGitText, whose thousand messages are set by reflection: 50-80 ms of every run for
            // text only shown on errors. Made as OSGi makes it, it only keeps the clean-up, which
            // would shut down thread pools that the process's exit ends anyway.
            new CleanupService();
        }
        FS.FileStoreAttributes.setBackground(true);
        SystemReader.setInstance(new NoForkSystemReader(SystemReader.getInstance()));
    }

    /**
     * Runs {@code body} with JGit reading environment variables from {@code variables} instead of
     * the process's: in the daemon, a command sees its caller's variables (an ssh agent's socket,
     * {@code GIT_SSH}), not the ones the daemon was started with. The variables that choose which
     * config files JGit reads and caches are part of the daemon's identity instead.
     */
    public static <T> T withVariables(Map<String, String> variables, Supplier<T> body) {
        apply();
        Map<String, String> before = COMMAND_VARIABLES.get();
        COMMAND_VARIABLES.set(Map.copyOf(variables));
        try {
            return body.get();
        } finally {
            COMMAND_VARIABLES.set(before);
        }
    }

    /** Reads the system config from where git keeps it, instead of asking a forked {@code git}. */
    private static final class NoForkSystemReader extends SystemReader {
        private final SystemReader delegate;

        NoForkSystemReader(SystemReader delegate) {
            this.delegate = delegate;
        }

        @Override
        public FileBasedConfig openSystemConfig(Config parent, FS fs) {
            String noSystem = getenv("GIT_CONFIG_NOSYSTEM");
            if (noSystem != null && !noSystem.isEmpty() && !"0".equals(noSystem) && !"false".equalsIgnoreCase(noSystem)) {
                return emptyConfig(parent, fs);
            }
            String override = getenv("GIT_CONFIG_SYSTEM");
            File file = override != null && !override.isEmpty() ? new File(override) : new File("/etc/gitconfig");
            return new FileBasedConfig(parent, file, fs);
        }

        private static FileBasedConfig emptyConfig(Config parent, FS fs) {
            return new FileBasedConfig(parent, null, fs) {
                @Override
                public void load() {
                    // no system config: nothing to read
                }

                @Override
                public boolean isOutdated() {
                    return false;
                }
            };
        }

        @Override
        public FileBasedConfig openUserConfig(Config parent, FS fs) {
            return delegate.openUserConfig(parent, fs);
        }

        @Override
        public FileBasedConfig openJGitConfig(Config parent, FS fs) {
            return delegate.openJGitConfig(fileStoreDefaults(parent), fs);
        }

        /** The section JGit itself would write after measuring, keyed as it keys it, for every mounted store. */
        private static Config fileStoreDefaults(Config parent) {
            Config defaults = new Config(parent);
            String prefix = System.getProperty("java.vendor") + '|' + System.getProperty("java.version") + '|';
            for (FileStore store : FileSystems.getDefault().getFileStores()) {
                String key = prefix + store.name();
                defaults.setString("filesystem", key, "timestampResolution", "2000 milliseconds");
                defaults.setString("filesystem", key, "minRacyThreshold", "10 milliseconds");
            }
            // No background gc from a short-lived CLI, which would cut it short on exit (DESIGN §8):
            // not after a fetch (Transport.fetch), nor in a remote on this machine, whose
            // receive-pack JGit runs inside this process. Lowest layer: any real setting wins.
            defaults.setBoolean("fetch", null, "autogc", false);
            defaults.setBoolean("receive", null, "autogc", false);
            return defaults;
        }

        @Override
        public String getHostname() {
            return delegate.getHostname();
        }

        @Override
        public String getenv(String variable) {
            Map<String, String> command = COMMAND_VARIABLES.get();
            return command != null ? command.get(variable) : delegate.getenv(variable);
        }

        @Override
        public String getProperty(String key) {
            return delegate.getProperty(key);
        }

        @Override
        public long getCurrentTime() {
            return delegate.getCurrentTime();
        }

        @Override
        public int getTimezone(long when) {
            return delegate.getTimezone(when);
        }
    }
}

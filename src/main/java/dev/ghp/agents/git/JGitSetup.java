package dev.ghp.agents.git;

import java.io.File;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.FileSystems;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.eclipse.jgit.errors.ConfigInvalidException;
import org.eclipse.jgit.internal.util.CleanupService;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.storage.file.UserConfigFile;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.SystemReader;

/**
 * Settles JGit's process-wide settings before the first repository is opened (docs/design.md#jgit-facts-that-bite):
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

    /** The file system every repository is opened with: per command, where JGit's is per JVM. */
    public static FS fileSystem() {
        return CommandFS.INSTANCE;
    }


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


    /** One variable of the command this thread runs (the process's outside one), null when unset or empty. */
    static String commandVariable(String name) {
        String value = SystemReader.getInstance().getenv(name);
        return value == null || value.isEmpty() ? null : value;
    }

    /**
     * Reads the system config from where git keeps it, instead of asking a forked {@code git}; and
     * the system and user config files that the current command's variables choose, each cached
     * by its files (JGit keeps one of each for the JVM: the first command's).
     */
    private static final class NoForkSystemReader extends SystemReader {
        private final SystemReader delegate;

        NoForkSystemReader(SystemReader delegate) {
            this.delegate = delegate;
        }

        @Override
        public FileBasedConfig openSystemConfig(Config parent, FS fs) {
            return noSystemConfig() ? emptyConfig(parent, fs) : new FileBasedConfig(parent, systemConfigFile(), fs);
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

        private final ConcurrentMap<String, FileBasedConfig> systemConfigs = new ConcurrentHashMap<>();
        private final ConcurrentMap<String, FileBasedConfig> userConfigs = new ConcurrentHashMap<>();

        @Override
        public StoredConfig getSystemConfig() throws ConfigInvalidException, IOException {
            Config jgit = getJGitConfig();
            FileBasedConfig config = systemConfigs.computeIfAbsent(systemConfigKey(),
                    key -> openSystemConfig(jgit, CommandFS.INSTANCE));
            loadOutdated(config);
            return config;
        }

        @Override
        public StoredConfig getUserConfig() throws ConfigInvalidException, IOException {
            Config system = getSystemConfig();
            FileBasedConfig config = userConfigs.computeIfAbsent(systemConfigKey() + '\n' + userConfigFiles(),
                    key -> openUserConfig(system, CommandFS.INSTANCE));
            loadOutdated(config);
            return config;
        }

        /** What JGit's own cache does on every use: re-read each file of the chain that changed. */
        private static void loadOutdated(Config config) throws ConfigInvalidException, IOException {
            if (config == null) {
                return;
            }
            loadOutdated(config.getBaseConfig());
            if (config instanceof FileBasedConfig file && file.isOutdated()) {
                file.load();
            }
        }

        private String systemConfigKey() {
            return noSystemConfig() ? "" : systemConfigFile().getPath();
        }

        private boolean noSystemConfig() {
            String noSystem = getenv("GIT_CONFIG_NOSYSTEM");
            return noSystem != null && !noSystem.isEmpty() && !"0".equals(noSystem)
                    && !"false".equalsIgnoreCase(noSystem);
        }

        private File systemConfigFile() {
            String override = getenv("GIT_CONFIG_SYSTEM");
            return override != null && !override.isEmpty() ? new File(override) : new File("/etc/gitconfig");
        }

        /**
         * The user's config as git finds it: {@code GIT_CONFIG_GLOBAL} alone when set, else
         * {@code $HOME/.gitconfig} over {@code $XDG_CONFIG_HOME/git/config} (or
         * {@code $HOME/.config/git/config}). JGit itself reads the passwd entry's home and knows
         * no {@code GIT_CONFIG_GLOBAL}.
         */
        @Override
        public FileBasedConfig openUserConfig(Config parent, FS fs) {
            List<File> files = userConfigFiles();
            if (files.isEmpty()) {
                return emptyConfig(parent, fs);
            }
            if (files.size() == 1) {
                return new FileBasedConfig(parent, files.get(0), fs);
            }
            return new UserConfigFile(parent, files.get(0), files.get(1), fs);
        }

        private List<File> userConfigFiles() {
            String global = getenv("GIT_CONFIG_GLOBAL");
            if (global != null && !global.isEmpty()) {
                return List.of(new File(global));
            }
            String home = getenv("HOME");
            // Without HOME, git reads no ~/.gitconfig (and JGit's passwd home is not git's).
            File homeDir = home != null && !home.isEmpty() ? new File(home) : null;
            String xdg = getenv("XDG_CONFIG_HOME");
            File xdgDir = xdg != null && !xdg.isEmpty() ? new File(xdg) : homeDir == null ? null : new File(homeDir, ".config");
            if (homeDir == null) {
                return xdgDir == null ? List.of() : List.of(new File(new File(xdgDir, "git"), "config"));
            }
            return xdgDir == null ? List.of(new File(homeDir, ".gitconfig"))
                    : List.of(new File(homeDir, ".gitconfig"), new File(new File(xdgDir, "git"), "config"));
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
            // No background gc from a short-lived CLI, which would cut it short on exit (docs/design.md#jgit-facts-that-bite):
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
            Map<String, String> command = CommandVariables.current();
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

package dev.ghp.agents.git;

import java.io.File;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.SystemReader;

/**
 * Settles JGit's process-wide settings before the first repository is opened (DESIGN §8):
 * JGit would otherwise fork {@code git} twice to find the system config (about 100 ms), and may
 * block for seconds measuring the file system's timestamp resolution in a fresh HOME.
 */
public final class JGitSetup {
    private JGitSetup() {
    }

    public static synchronized void apply() {
        if (SystemReader.getInstance() instanceof NoForkSystemReader) {
            return;
        }
        FS.FileStoreAttributes.setBackground(true);
        SystemReader.setInstance(new NoForkSystemReader(SystemReader.getInstance()));
    }

    /** Reads the system config from where git keeps it, instead of asking a forked {@code git}. */
    private static final class NoForkSystemReader extends SystemReader {
        private final SystemReader delegate;

        NoForkSystemReader(SystemReader delegate) {
            this.delegate = delegate;
        }

        @Override
        public FileBasedConfig openSystemConfig(Config parent, FS fs) {
            String noSystem = delegate.getenv("GIT_CONFIG_NOSYSTEM");
            if (noSystem != null && !noSystem.isEmpty() && !"0".equals(noSystem) && !"false".equalsIgnoreCase(noSystem)) {
                return emptyConfig(parent, fs);
            }
            String override = delegate.getenv("GIT_CONFIG_SYSTEM");
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
            return delegate.openJGitConfig(parent, fs);
        }

        @Override
        public String getHostname() {
            return delegate.getHostname();
        }

        @Override
        public String getenv(String variable) {
            return delegate.getenv(variable);
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

package dev.ghp.agents.git;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.testing.GitRepo;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JGitSetupSyncTest {
    @TempDir
    Path tmp;

    @Test
    void fetchAndReceiveStartNoBackgroundGcUnlessTheRepositorySaysSo() {
        GitRepo plain = GitRepo.init(tmp, "plain");
        GitRepo configured = GitRepo.init(tmp, "configured");
        configured.git("config", "receive.autogc", "true");

        RepoContext a = RepoLocator.open(plain.dir());
        RepoContext b = RepoLocator.open(configured.dir());
        try {
            assertThat(a.repository().getConfig().getBoolean("fetch", "autogc", true)).isFalse();
            assertThat(a.repository().getConfig().getBoolean("receive", "autogc", true)).isFalse();
            assertThat(b.repository().getConfig().getBoolean("receive", "autogc", false)).isTrue();
        } finally {
            a.repository().close();
            b.repository().close();
        }
    }
}

package dev.ghp.agents.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.testing.CliRunner;
import dev.ghp.agents.testing.GitRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GHP_REF_LOCK_AGE}: how old a JGit ref lock must be before a writer that holds ghp's own
 * lock removes it as left by a killed process (3 s unless set; tests set less so as not to wait).
 */
class RefLockAgeTest {
    @TempDir
    Path tmp;
    GitRepo repo;
    CliRunner ghp;

    @BeforeEach
    void repository() {
        repo = GitRepo.init(tmp, "repo");
        ghp = new CliRunner(repo.dir()).env("GHP_AGENT", "worker-1");
        CliRunner.Result first = ghp.run("agent-heartbeat", "--issue", "7", "--action", "first", "--quiet");
        assertThat(first.exit()).as(first.err()).isZero();
    }

    private Path lockAged(long seconds) throws Exception {
        Path lock = repo.coordinationRefLock();
        Files.writeString(lock, "0123456789012345678901234567890123456789\n");
        Files.setLastModifiedTime(lock, FileTime.from(Instant.now().minusSeconds(seconds)));
        return lock;
    }

    @Test
    void aLockYoungerThanTheConfiguredAgeIsLeftAloneAndTheWriteGivesUpSayingWhenItWouldGo() throws Exception {
        String tip = repo.coordinationTip();
        Path lock = lockAged(10); // older than the default 3 s: removed, had the variable no effect

        CliRunner.Result r = ghp.env("GHP_REF_LOCK_AGE", "1h").run("agent-heartbeat", "--issue", "7", "--action", "second");

        assertThat(r.exit()).as(r.err()).isEqualTo(5);
        assertThat(r.err()).contains("refs/ghp/coordination.lock").contains("removed once it is 1h old");
        assertThat(lock).exists();
        assertThat(repo.coordinationTip()).isEqualTo(tip);
    }

    @Test
    void aLockOlderThanTheConfiguredAgeIsRemovedAndTheWriteSucceeds() throws Exception {
        Path lock = lockAged(2);

        CliRunner.Result r = ghp.env("GHP_REF_LOCK_AGE", "1s").run("agent-heartbeat", "--issue", "7", "--action", "second");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(lock).doesNotExist();
        assertThat(repo.showCoordination(".ghp/agent-status.json")).contains("second");
        repo.assertFsckClean();
    }

    @Test
    void anAgeThatIsNotADurationIsRefusedBeforeAnythingIsWritten() {
        String tip = repo.coordinationTip();

        CliRunner.Result r = ghp.env("GHP_REF_LOCK_AGE", "soon").run("agent-heartbeat", "--issue", "7", "--action", "second");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("ghp: error: GHP_REF_LOCK_AGE is not a duration: 'soon'\n");
        assertThat(repo.coordinationTip()).isEqualTo(tip);
    }
}

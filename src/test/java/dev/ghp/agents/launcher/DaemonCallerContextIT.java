package dev.ghp.agents.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.testing.GitRepo;
import dev.ghp.agents.testing.Launcher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Through the real launcher, the daemon gives each caller the context its own JVM would have:
 * the first caller (who starts the daemon) is in Tokyo, the next in New York, the one after has no
 * {@code TZ} at all and gets the machine's zone, exactly as when it runs without the daemon. A
 * caller with another {@code HOME} (another ~/.gitconfig) is not served by this daemon.
 */
class DaemonCallerContextIT {
    private static final Pattern ZONE = Pattern.compile("No agent had an entry in .* (\\S+)\\.\\n");

    @TempDir
    Path tmp;
    Path daemonDir;
    GitRepo repo;

    @BeforeEach
    void repository() {
        daemonDir = tmp.resolve("run/ghp-agents");
        repo = GitRepo.init(tmp, "app");
        repo.commitFile("README.md", "app\n");
    }

    @AfterEach
    void stopTheDaemon() throws IOException {
        for (Path state : stateFiles()) {
            pidIn(state).flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    Launcher ghp() {
        return new Launcher(repo.dir()).env("GHP_DAEMON", "on").env("GHP_DAEMON_DIR", daemonDir.toString())
                .env("GHP_TRACE", "1");
    }

    List<Path> stateFiles() throws IOException {
        return DaemonIT.stateFiles(daemonDir);
    }

    static Optional<Long> pidIn(Path state) {
        return DaemonIT.pidIn(state);
    }

    long awaitDaemon() throws Exception {
        return DaemonIT.awaitDaemon(daemonDir, -1).orElseThrow(() -> new AssertionError("no daemon started within 30 s"));
    }

    static String zoneShown(GitRepo.Result r) {
        assertThat(r.exit()).as(r.err()).isZero();
        Matcher m = ZONE.matcher(r.out());
        assertThat(m.find()).as("a timeline naming its zone: %s", r.out()).isTrue();
        return m.group(1);
    }

    @Test
    void eachCallerGetsItsOwnZoneNotTheOneOfTheCallerWhoStartedTheDaemon() throws Exception {
        String[] timeline = {"agent-status", "--timeline", "--since", "1h"};
        String machineZone = zoneShown(new Launcher(repo.dir()).env("GHP_DAEMON", "off").env("TZ", null).run(timeline));

        GitRepo.Result tokyo = ghp().env("TZ", "Asia/Tokyo").run(timeline);
        long pid = awaitDaemon();
        GitRepo.Result newYork = ghp().env("TZ", "America/New_York").run(timeline);
        GitRepo.Result noTz = ghp().env("TZ", null).run(timeline);
        GitRepo.Result tokyoAgain = ghp().env("TZ", "Asia/Tokyo").run(timeline);

        assertThat(zoneShown(tokyo)).isEqualTo("Asia/Tokyo");
        assertThat(tokyo.err()).as("the first caller ran in its own JVM").doesNotContain("run by the daemon");
        assertThat(zoneShown(newYork)).isEqualTo("America/New_York");
        assertThat(newYork.err()).contains("run by the daemon (pid " + pid + ")");
        assertThat(zoneShown(noTz)).as("the machine's zone, as without the daemon").isEqualTo(machineZone)
                .isNotEqualTo("Asia/Tokyo");
        assertThat(noTz.err()).contains("run by the daemon (pid " + pid + ")");
        assertThat(zoneShown(tokyoAgain)).isEqualTo("Asia/Tokyo");
        assertThat(Files.readString(Path.of("/proc/" + pid + "/environ"))).as("the daemon was started without TZ")
                .doesNotContain("TZ=Asia/Tokyo");
    }

    @Test
    void aCallerWithAnotherHomeIsNotServedByTheDaemon() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        GitRepo.Result first = ghp().env("HOME", tmp.toString()).run("agent-status");
        assertThat(first.exit()).as(first.err()).isZero();
        long pid = awaitDaemon();

        GitRepo.Result sameHome = ghp().env("HOME", tmp.toString()).run("agent-status");
        GitRepo.Result otherHome = ghp().env("HOME", home.toString()).run("agent-status");

        assertThat(sameHome.err()).contains("run by the daemon (pid " + pid + ")");
        assertThat(otherHome.exit()).as(otherHome.err()).isZero();
        assertThat(otherHome.err()).as("its ~/.gitconfig is not the one the daemon read").doesNotContain("run by the daemon");
    }
}

package dev.ghp.agents.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.testing.GitRepo;
import dev.ghp.agents.testing.Launcher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A hook event with a NUL byte (#22): bin/ghp reads the event for the daemon with a command
 * substitution, where bash warns "ignored null byte in input" on the hook's stderr. The launcher
 * drops NULs before bash sees them (no hook event has one), so nothing of bash's leaks.
 */
class HookEventBytesIT {
    @TempDir
    Path tmp;
    Path daemonDir;
    GitRepo repo;

    @BeforeEach
    void aRepository() {
        daemonDir = tmp.resolve("run/ghp-agents");
        repo = GitRepo.init(tmp, "app");
        repo.commitFile("README.md", "app\n");
    }

    @AfterEach
    void stopTheDaemon() throws IOException {
        for (Path state : DaemonIT.stateFiles(daemonDir)) {
            DaemonIT.pidIn(state).flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"on", "off"})
    void aNulByteInTheEventLeaksNoBashWarning(String daemon) throws Exception {
        Launcher ghp = new Launcher(repo.dir()).env("GHP_DAEMON", daemon).env("GHP_DAEMON_DIR", daemonDir.toString());
        assertThat(ghp.run("agent-status").exit()).isZero();
        if (daemon.equals("on")) {
            DaemonIT.awaitDaemon(daemonDir, -1).orElseThrow(() -> new AssertionError("no daemon within 30 s"));
        }
        String event = "{\"session_id\": \"s1\", \"cwd\": \"" + repo.dir() + "\", \"hook_event_name\": \"PostToolUse\","
                + " \"tool_response\": {\"stdout\": \"a\u0000b\"}}\u0000";

        GitRepo.Result r = ghp.runWithInput(event, "agent-hooks", "run", "post-tool-use");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).doesNotContain("null byte").doesNotContain("bash").doesNotContain("warning: command substitution");
        assertThat(Files.exists(repo.dir())).isTrue();
    }
}

package dev.ghp.agents.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How long bin/ghp waits for the daemon's answer to a command it acknowledged: 30 s, and 600 s for
 * the commands that may wait on a network or on another clone's sync (a shorter bound would report
 * a failure for a command the daemon still completes). Asks bash itself, on the launcher's own
 * function.
 */
class DaemonAnswerTimeoutTest {
    private static final Path LAUNCHER = Path.of("bin/ghp").toAbsolutePath();

    @Test
    void networkCommandsGetTenMinutesAndTheOthersThirtySeconds() throws Exception {
        for (String command : List.of("agent-sync", "agent-escalate", "agent-handoff", "agent-prune")) {
            assertThat(timeout(null, command, "--json")).as(command).isEqualTo(600);
        }
        for (String command : List.of("agent-heartbeat", "agent-status", "agent-hooks", "agent-guard")) {
            assertThat(timeout(null, command, "--json")).as(command).isEqualTo(30);
        }
    }

    @Test
    void aWholeNumberInGhpDaemonTimeoutWinsAndAnythingElseIsIgnored() throws Exception {
        assertThat(timeout("5", "agent-sync")).isEqualTo(5);
        assertThat(timeout("900", "agent-heartbeat")).isEqualTo(900);
        assertThat(timeout("soon", "agent-sync")).isEqualTo(600);
        assertThat(timeout("0", "agent-status")).isEqualTo(30);
        assertThat(timeout("", "agent-handoff")).isEqualTo(600);
    }

    /** bin/ghp's own daemon_answer_timeout, cut out of the launcher and run by bash. */
    private static int timeout(String variable, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", "-c",
                "set -u; eval \"$(sed -n '/^daemon_answer_timeout() {$/,/^}$/p' \"$0\")\"; "
                        + "declare -F daemon_answer_timeout >/dev/null || exit 9; daemon_answer_timeout \"$@\"; "
                        + "printf '%s' \"$daemon_timeout\"",
                LAUNCHER.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().remove("GHP_DAEMON_TIMEOUT");
        if (variable != null) {
            pb.environment().put("GHP_DAEMON_TIMEOUT", variable);
        }
        Process process = pb.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
        return Integer.parseInt(output.trim());
    }
}

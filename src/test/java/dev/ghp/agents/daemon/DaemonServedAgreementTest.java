package dev.ghp.agents.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * bin/ghp decides in bash which commands go to the daemon ({@code daemon_served}); the daemon decides
 * in Java which it runs ({@link Daemon#serves}, the authority). A command one sends and the other
 * refuses runs in its own JVM after a wasted round trip; one the launcher never sends is never served.
 * This asks bash itself, on the launcher's own function, for every command line of a table.
 */
class DaemonServedAgreementTest {
    private static final Path LAUNCHER = Path.of("bin/ghp").toAbsolutePath();

    /** The commands: every served one, its near misses, and ones that run in their own JVM. */
    private static final List<String> COMMANDS = Stream.concat(new TreeSet<>(Daemon.SERVED).stream(),
            Stream.of("agent-daemon", "agent-init", "completion", "agent-heartbeatx", "agent", "status", "--help", "run")).toList();
    /** What follows the command: agent-hooks is served only as `agent-hooks run`, nothing with --watch. */
    private static final List<List<String>> TAILS = List.of(List.of(), List.of("run"), List.of("run", "stop"),
            List.of("install"), List.of("--json"), List.of("--watch"), List.of("--watch=5"), List.of("run", "--watch"),
            List.of("--json", "--watch=2"), List.of("--watchful"), List.of("--", "run"), List.of("--wait", "10m"),
            List.of("--json", "--wait=30s"), List.of("--waiting"), List.of("--serve"), List.of("--serve", "--port", "0"),
            List.of("--serve=true"), List.of("--server"));

    @Test
    void the_launcher_sends_to_the_daemon_exactly_what_it_serves() throws Exception {
        Map<List<String>, Boolean> launcher = new LinkedHashMap<>();
        Map<List<String>, Boolean> daemon = new LinkedHashMap<>();
        for (String command : COMMANDS) {
            for (List<String> tail : TAILS) {
                List<String> args = new ArrayList<>(List.of(command));
                args.addAll(tail);
                launcher.put(args, launcherServes(args));
                daemon.put(args, Daemon.serves(args));
            }
        }
        launcher.put(List.of(), launcherServes(List.of()));
        daemon.put(List.of(), Daemon.serves(List.of()));

        List<String> disagreements = new ArrayList<>();
        launcher.forEach((args, sent) -> {
            if (!sent.equals(daemon.get(args))) {
                disagreements.add(args + ": bin/ghp " + (sent ? "sends it" : "keeps it") + ", the daemon "
                        + (daemon.get(args) ? "serves it" : "refuses it"));
            }
        });
        assertThat(disagreements).isEmpty();
        // Not vacuous: each served command is sent for some command line, and the table has refusals.
        for (String served : Daemon.SERVED) {
            assertThat(launcher).as(served).containsEntry(List.of(served, "run"), true);
        }
        assertThat(launcher).containsValue(false);
        // A --wait holds its caller for as long as it waits: never a daemon thread (agent-inbox, agent-escalate).
        assertThat(launcher).containsEntry(List.of("agent-inbox", "--wait", "10m"), false)
                .containsEntry(List.of("agent-escalate", "--json", "--wait=30s"), false)
                .containsEntry(List.of("agent-inbox", "--json"), true);
        // The lead's page serves until interrupted (#24): its own JVM, as --watch.
        assertThat(launcher).containsEntry(List.of("agent-status", "--serve"), false)
                .containsEntry(List.of("agent-status", "--server"), true);
    }

    /** bin/ghp's own daemon_served, cut out of the launcher and run by bash. */
    private static boolean launcherServes(List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", "-c",
                "set -u; eval \"$(sed -n '/^daemon_served() {$/,/^}$/p' \"$0\")\"; "
                        + "declare -F daemon_served >/dev/null || exit 9; daemon_served \"$@\"",
                LAUNCHER.toString()));
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = process.waitFor();
        assertThat(code).as("daemon_served %s: %s", args, output).isIn(0, 1);
        return code == 0;
    }
}

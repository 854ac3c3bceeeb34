package dev.ghp.agents.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * bin/ghp keeps a copy of {@link Request#PROTOCOL} ({@code daemon_protocol}): a launcher that spoke
 * another version than its own build's daemon would run every command in its own JVM, and one that
 * spoke the same version with other steps would be the mismatch the version exists to catch. This
 * asks bash for the value the launcher assigns.
 */
class DaemonProtocolAgreementTest {
    private static final Path LAUNCHER = Path.of("bin/ghp").toAbsolutePath();

    @Test
    void the_launcher_speaks_the_daemons_protocol() throws Exception {
        List<String> command = List.of("bash", "-c",
                "set -u; eval \"$(grep -E '^daemon_protocol=' \"$0\")\"; printf '%s' \"$daemon_protocol\"",
                LAUNCHER.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor()).as(output).isZero();
        assertThat(output).isEqualTo(Request.PROTOCOL);
    }
}

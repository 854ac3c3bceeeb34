package dev.ghp.agents.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.daemon.Daemon;
import org.junit.jupiter.api.Test;

/** The commands name the daemon's main class rather than import it (it sits above them). */
class DaemonProcessTest {

    @Test
    void theNamedMainClassIsTheDaemons() {
        assertThat(DaemonProcess.DAEMON_MAIN_CLASS).isEqualTo(Daemon.class.getName());
    }
}

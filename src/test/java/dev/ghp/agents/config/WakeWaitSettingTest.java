package dev.ghp.agents.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** agents.wakeWait (#23): the variable over the file over the default, never past the hook's hour, never failing. */
class WakeWaitSettingTest {
    @TempDir
    Path tmp;

    private Path repoWith(String agentsJson) throws Exception {
        Files.createDirectories(tmp.resolve(".ghp"));
        Files.writeString(tmp.resolve(".ghp/config.json"), "{\"agents\": " + agentsJson + "}");
        return tmp;
    }

    @Test
    void theVariableWinsOverTheFileWhichWinsOverTheDefault() throws Exception {
        Map<String, String> noHome = Map.of();
        assertThat(WakeWaitSetting.read(null, noHome)).isEqualTo(Duration.ofHours(1));
        Path repo = repoWith("{\"wakeWait\": \"20m\"}");
        assertThat(WakeWaitSetting.read(repo, noHome)).isEqualTo(Duration.ofMinutes(20));
        assertThat(WakeWaitSetting.read(repo, Map.of("GHP_WAKE_WAIT", "3s"))).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void moreThanAnHourIsAnHourAndWhatDoesNotReadIsTheDefault() throws Exception {
        assertThat(WakeWaitSetting.read(repoWith("{\"wakeWait\": \"5h\"}"), Map.of())).isEqualTo(Duration.ofHours(1));
        assertThat(WakeWaitSetting.read(repoWith("{\"wakeWait\": \"soon\"}"), Map.of())).isEqualTo(Duration.ofHours(1));
        assertThat(WakeWaitSetting.read(repoWith("{\"wakeWait\": 90}"), Map.of())).isEqualTo(Duration.ofSeconds(90));
        assertThat(WakeWaitSetting.read(null, Map.of("GHP_WAKE_WAIT", "0s"))).isEqualTo(Duration.ofHours(1));
        assertThat(WakeWaitSetting.read(null, Map.of("GHP_WAKE_WAIT", "-1m"))).isEqualTo(Duration.ofHours(1));
    }
}

package dev.ghp.agents.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.testing.GitRepo;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commands the daemon runs one after another show local time in their own caller's zone: its
 * {@code TZ}, or the machine's zone without one, never the zone the daemon's JVM happens to have
 * (here Asia/Tokyo, as if the daemon had been started by a caller in Tokyo).
 */
class DaemonCallerZoneTest {
    @TempDir
    Path tmp;
    GitRepo repo;
    TimeZone before;

    @BeforeEach
    void aDaemonStartedInTokyo() {
        before = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("Asia/Tokyo"));
        repo = GitRepo.init(tmp, "repo");
        repo.commitFile("README.md", "hi\n");
    }

    @AfterEach
    void restore() {
        TimeZone.setDefault(before);
    }

    private String timeline(String tz) throws IOException {
        Map<String, String> env = new HashMap<>(GitRepo.GIT_ENV);
        if (tz != null) {
            env.put("TZ", tz);
        }
        Request request = Request.read(new ByteArrayInputStream(DaemonTest.wire(DaemonTest.TOKEN, "i", repo.dir().toString(),
                List.of("agent-status", "--timeline", "--since", "1h"), env, "")), DaemonTest.TOKEN_BYTES);
        String answer = new String(Daemon.run(request, ZoneOffset.UTC), StandardCharsets.UTF_8);
        assertThat(answer).startsWith(Request.PROTOCOL + " 0 ");
        return answer;
    }

    @Test
    void eachCallerSeesItsOwnZoneAndOneWithoutTzTheMachinesZone() throws IOException {
        String newYork = timeline("America/New_York");
        String none = timeline(null);
        String tokyo = timeline(":Asia/Tokyo");
        String posix = timeline("EST5EDT");

        assertThat(newYork).contains("America/New_York").doesNotContain("Tokyo");
        assertThat(none).as("the machine's zone (UTC, as this test gives it to Daemon.run)").contains(" UTC.").doesNotContain("Tokyo");
        assertThat(tokyo).contains("Asia/Tokyo");
        assertThat(posix).contains("EST5EDT").doesNotContain("Tokyo");
    }
}

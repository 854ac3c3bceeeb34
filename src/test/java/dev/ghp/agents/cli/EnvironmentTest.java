package dev.ghp.agents.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.testing.CliRunner;
import dev.ghp.agents.testing.GitRepo;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A caller's zone and locale, read from its variables as the C library reads them, as far as Java can. */
class EnvironmentTest {
    static final ZoneId MACHINE = ZoneId.of("Europe/Lisbon");

    static ZoneId zone(String tz) {
        return Environment.zoneOf(tz == null ? Map.of() : Map.of("TZ", tz), MACHINE);
    }

    @Test
    void tzNamesAZoneInEveryFormJavaReads() {
        assertThat(zone("Asia/Tokyo")).isEqualTo(ZoneId.of("Asia/Tokyo"));
        assertThat(zone(":America/New_York")).isEqualTo(ZoneId.of("America/New_York"));
        assertThat(zone("UTC")).isEqualTo(ZoneId.of("UTC"));
        assertThat(zone("EST5EDT")).isEqualTo(ZoneId.of("EST5EDT"));
    }

    @Test
    void withoutTzOrWithOneJavaCannotReadTheZoneIsTheMachines() {
        assertThat(zone(null)).isEqualTo(MACHINE);
        assertThat(zone("")).as("as Java reads an empty TZ").isEqualTo(MACHINE);
        assertThat(zone("JST-9")).isEqualTo(MACHINE);
        assertThat(zone("Not/AZone")).isEqualTo(MACHINE);
    }

    @Test
    void theCallersOwnLcAllComesBackFromUnderTheLaunchersUtf8One() {
        // bin/ghp ran the JVM under LC_ALL=C.UTF-8 for the caller's LC_ALL=C, or with none set.
        assertThat(Environment.callersLocale(Map.of("LC_ALL", "C.UTF-8", "GHP_CALLER_LC_ALL", "=C", "LANG", "de_DE")))
                .isEqualTo(Map.of("LC_ALL", "C", "LANG", "de_DE"));
        assertThat(Environment.callersLocale(Map.of("LC_ALL", "C.UTF-8", "GHP_CALLER_LC_ALL", "-", "LANG", "de_DE")))
                .isEqualTo(Map.of("LANG", "de_DE"));
        assertThat(Environment.localeOf(Environment.callersLocale(
                Map.of("LC_ALL", "C.UTF-8", "GHP_CALLER_LC_ALL", "-", "LANG", "de_DE.ISO-8859-1"))))
                .isEqualTo(Locale.GERMANY);
        assertThat(Environment.callersLocale(Map.of("LC_ALL", "fr_FR.UTF-8"))).isEqualTo(Map.of("LC_ALL", "fr_FR.UTF-8"));
    }

    @Test
    void theLocaleComesFromLcAllThenLcTimeThenLcMessagesThenLang() {
        assertThat(Environment.localeOf(Map.of("LANG", "de_DE.UTF-8"))).isEqualTo(Locale.GERMANY);
        assertThat(Environment.localeOf(Map.of("LANG", "de_DE.UTF-8", "LC_MESSAGES", "fr_FR"))).isEqualTo(Locale.FRANCE);
        assertThat(Environment.localeOf(Map.of("LC_MESSAGES", "fr_FR", "LC_TIME", "ja_JP.UTF-8"))).isEqualTo(Locale.JAPAN);
        assertThat(Environment.localeOf(Map.of("LC_TIME", "ja_JP", "LC_ALL", "en_GB.UTF-8@euro"))).isEqualTo(Locale.UK);
    }

    @Test
    void cPosixAndNothingAreTheRootLocale() {
        assertThat(Environment.localeOf(Map.of("LANG", "C.UTF-8"))).isEqualTo(Locale.ROOT);
        assertThat(Environment.localeOf(Map.of("LC_ALL", "POSIX"))).isEqualTo(Locale.ROOT);
        assertThat(Environment.localeOf(Map.of())).isEqualTo(Locale.ROOT);
        assertThat(Environment.localeOf(Map.of("LANG", "???"))).isEqualTo(Locale.ROOT);
    }

    @Test
    void machineOutputIsTheSameInEveryZoneAndLocale(@TempDir Path tmp) {
        GitRepo repo = GitRepo.init(tmp, "repo");
        CliRunner plain = new CliRunner(repo.dir());
        CliRunner.Result write = plain.run("agent-heartbeat", "--agent", "worker-1", "--action", "3.5 things");
        assertThat(write.exit()).as(write.err()).isZero();
        CliRunner elsewhere = new CliRunner(repo.dir()).env("TZ", "Asia/Kolkata").env("LC_ALL", "de_DE.UTF-8");
        elsewhere.clock().set(plain.clock().instant());

        String here = plain.run("agent-status", "--json").out();
        String there = elsewhere.run("agent-status", "--json").out();

        assertThat(there).isEqualTo(here).contains("Z\"");
    }
}

package dev.ghp.agents.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ghp.agents.text.Durations;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HistoryLimitsTest {
    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

    @Test
    void aWritePrunesOnlyOnceHistoryIsAQuarterPastTheCommitLimit() {
        HistoryLimits limits = new HistoryLimits(20_000, Duration.ofDays(14));
        assertThat(limits.pruneAtCommits()).isEqualTo(25_000);
        assertThat(limits.due(25_000, NOW, NOW)).isFalse();
        assertThat(limits.due(25_001, NOW, NOW)).isTrue();
        assertThat(limits.exceeded(20_001, NOW, NOW)).isTrue();
        assertThat(limits.exceeded(20_000, NOW, NOW)).isFalse();
    }

    @Test
    void aWritePrunesOnlyOnceTheOldestCommitIsAQuarterPastTheAgeLimit() {
        HistoryLimits limits = new HistoryLimits(20_000, Duration.ofDays(8));
        assertThat(limits.due(1, NOW.minus(Duration.ofDays(10)), NOW)).isFalse();
        assertThat(limits.due(1, NOW.minus(Duration.ofDays(10)).minusSeconds(1), NOW)).isTrue();
        assertThat(limits.exceeded(1, NOW.minus(Duration.ofDays(8)).minusSeconds(1), NOW)).isTrue();
    }

    @Test
    void theDefaultsKeepSeveralDaysOfABusyTeam() {
        int busyTeamPerDay = 10 * 60 * 24; // ten agents, a heartbeat a minute each
        assertThat(HistoryLimits.DEFAULTS.maxCommits() / (double) busyTeamPerDay).isGreaterThan(3);
        assertThat(HistoryLimits.DEFAULTS.maxAge()).isEqualTo(Duration.ofDays(30));
    }

    @Test
    void theAgeLimitIsWrittenBackAsTheConfigWritesIt() {
        assertThat(new HistoryLimits(10, Duration.ofDays(30)).maxAgeText()).isEqualTo("30d");
        assertThat(new HistoryLimits(10, Duration.ofHours(36)).maxAgeText()).isEqualTo("1d12h");
        assertThat(Durations.parse(new HistoryLimits(10, Duration.ofMinutes(90)).maxAgeText())).contains(Duration.ofMinutes(90));
    }

    @Test
    void limitsOutOfRangeAreRefused() {
        assertThatThrownBy(() -> new HistoryLimits(9, Duration.ofDays(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HistoryLimits(10, Duration.ofMinutes(59))).isInstanceOf(IllegalArgumentException.class);
    }
}

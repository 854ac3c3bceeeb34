package dev.ghp.agents.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({
        "90s, PT1M30S",
        "10m, PT10M",
        "1h, PT1H",
        "2d, PT48H",
        "1h30m, PT1H30M",
        "1d2h3m4s, PT26H3M4S",
        "500ms, PT0.5S",
        "' 10m ', PT10M"
    })
    void durationsAsPeopleWriteThem(String text, String expected) {
        assertThat(Durations.parse(text)).contains(Duration.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "10", "m", "10 m", "-5m", "1.5h", "10M", "10min", "ten minutes", "0s", "0m0s",
        "PT10M", "10m junk", "1234567890s"})
    void anythingElseIsNotADuration(String text) {
        assertThat(Durations.parse(text)).isEmpty();
    }

    @Test
    void nullIsNotADuration() {
        assertThat(Durations.parse(null)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "PT0S, 0s",
        "PT59S, 59s",
        "PT60S, 1m",
        "PT59M59S, 59m",
        "PT1H, 1h",
        "PT2H5M, 2h 5m",
        "PT24H, 1d",
        "PT76H, 3d 4h",
        "PT-5S, 0s"
    })
    void briefFormIsShortForATableColumn(String duration, String expected) {
        assertThat(Durations.brief(Duration.parse(duration))).isEqualTo(expected);
    }
}

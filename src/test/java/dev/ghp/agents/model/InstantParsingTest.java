package dev.ghp.agents.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InstantParsingTest {

    @ParameterizedTest
    @ValueSource(strings = {"2025-01-25T10:30:00Z", "1970-01-01T00:00:00Z", "2024-02-29T23:59:59Z", "9999-12-31T23:59:59Z",
        "2025-01-25T10:30:00.5Z", "2025-01-25T12:30:00+02:00", "0001-01-01T00:00:00Z"})
    void theCanonicalFastPathAgreesWithTheGeneralParser(String text) {
        Instant expected = text.endsWith("Z") ? Instant.parse(text) : java.time.OffsetDateTime.parse(text).toInstant();
        assertThat(StatusCodec.parseInstant(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2025-02-30T10:30:00Z", "2025-13-01T10:30:00Z", "2025-01-25T10:60:00Z",
        "2025-01-25T10:30:60Z", "2025-01-2xT10:30:00Z", "2023-02-29T00:00:00Z", "yesterday", "2025-01-25 10:30:00Z"})
    void whatIsNotAnInstantIsStillRefused(String text) {
        assertThat(StatusCodec.parseInstant(text)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2025-01-25T10:30:00Z", "1970-01-01T00:00:00Z", "2024-02-29T23:59:59.999Z", "9999-12-31T23:59:59Z",
        "0999-12-31T23:59:59Z", "1000-01-01T00:00:00Z", "+10000-01-01T00:00:00Z", "-0001-01-01T00:00:00Z"})
    void instantsAreWrittenToTheSecondAsInstantToStringWritesThem(String text) {
        Instant t = Instant.parse(text);
        assertThat(StatusCodec.formatInstant(t)).isEqualTo(t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
    }
}

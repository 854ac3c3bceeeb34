package dev.ghp.agents.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EscalationCodecTest {

    private static Escalation parse(String json) throws StatusCodec.FormatException {
        return EscalationCodec.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anOpenEscalationRoundTrips() throws Exception {
        Escalation e = new Escalation("esc-7f3a9c01", "question", Escalation.OPEN, "which schema?", 147, "worker-1",
                Instant.parse("2025-01-25T10:30:00Z"), null, null, null, Map.of());

        String text = new String(EscalationCodec.write(e), StandardCharsets.UTF_8);

        assertThat(text).isEqualTo("""
                {
                  "schemaVersion": 1,
                  "id": "esc-7f3a9c01",
                  "kind": "question",
                  "status": "open",
                  "message": "which schema?",
                  "issue": 147,
                  "agent": "worker-1",
                  "createdAt": "2025-01-25T10:30:00Z"
                }
                """);
        assertThat(parse(text)).isEqualTo(e);
    }

    @Test
    void aResolvedEscalationWithUnknownFieldsRoundTripsKeepingThemInOrder() throws Exception {
        String original = """
                {
                  "schemaVersion": 1,
                  "id": "esc-00ff",
                  "kind": "approval",
                  "severity": "high",
                  "status": "resolved",
                  "message": "touch pom.xml?",
                  "issue": null,
                  "agent": "worker-2",
                  "createdAt": "2025-01-25T10:30:00Z",
                  "answer": "yes",
                  "resolvedBy": "human",
                  "resolvedAt": "2025-01-25T11:00:00+01:00",
                  "links": ["https://example.com/1", {"kind": "pr"}]
                }
                """;

        Escalation e = parse(original);
        Escalation again = parse(new String(EscalationCodec.write(e), StandardCharsets.UTF_8));

        assertThat(e.extra()).containsOnlyKeys("severity", "links");
        assertThat(e.extra().keySet()).containsExactly("severity", "links");
        assertThat(e.resolvedAt()).isEqualTo(Instant.parse("2025-01-25T10:00:00Z"));
        assertThat(e.issue()).isNull();
        assertThat(again).isEqualTo(e);
        JsonNode written = EscalationCodec.toJson(e);
        assertThat(written.get("links").toString()).isEqualTo("[\"https://example.com/1\",{\"kind\":\"pr\"}]");
        assertThat(written.fieldNames()).toIterable().endsWith("severity", "links");
    }

    @Test
    void aNewerSchemaIsRefused() {
        assertThatThrownBy(() -> parse("{\"schemaVersion\": 9, \"id\": \"esc-1234\"}"))
                .isInstanceOf(StatusCodec.FormatException.class)
                .satisfies(e -> assertThat(((StatusCodec.FormatException) e).newerSchema()).isTrue());
    }

    @Test
    void corruptOrIdlessFilesAreRefused() {
        assertThatThrownBy(() -> parse("{")).isInstanceOf(StatusCodec.FormatException.class);
        assertThatThrownBy(() -> parse("[]")).isInstanceOf(StatusCodec.FormatException.class);
        assertThatThrownBy(() -> parse("{\"id\": \"7\"}")).isInstanceOf(StatusCodec.FormatException.class);
        assertThatThrownBy(() -> parse("{\"id\": \"esc-../../x\"}")).isInstanceOf(StatusCodec.FormatException.class);
    }

    @Test
    void newIdsAreShortRandomAndValid() {
        String a = Escalation.newId();
        String b = Escalation.newId();

        assertThat(a).matches("esc-[0-9a-f]{8}");
        assertThat(Escalation.isValidId(a)).isTrue();
        assertThat(a).isNotEqualTo(b);
        assertThat(Escalation.pathOf(a)).isEqualTo(".ghp/escalations/" + a + ".json");
    }

    @Test
    void fieldsANewerToolWroteSurviveAResolution() throws Exception {
        String stored = """
                {
                  "schemaVersion": 1,
                  "id": "esc-0a1b2c3d",
                  "kind": "question",
                  "status": "open",
                  "message": "tabs?",
                  "issue": 147,
                  "agent": "worker-1",
                  "createdAt": "2025-01-25T10:30:00Z",
                  "priority": "high",
                  "thread": {"replies": 2}
                }
                """;
        Escalation e = EscalationCodec.parse(stored.getBytes(StandardCharsets.UTF_8));

        Escalation resolved = e.resolved("yes", null, "alice", Instant.parse("2025-01-25T11:00:00Z"));
        String written = new String(EscalationCodec.write(resolved), StandardCharsets.UTF_8);

        assertThat(written).contains("\"priority\": \"high\"").contains("\"replies\": 2")
                .contains("\"status\": \"resolved\"").contains("\"answer\": \"yes\"").contains("\"resolvedBy\": \"alice\"");
        assertThat(EscalationCodec.parse(EscalationCodec.write(resolved))).isEqualTo(resolved);
    }

    @Test
    void ruleFieldsAndTheGitHubMirrorRoundTrip() throws Exception {
        Escalation e = Escalation.open("esc-00000001", Escalation.Kind.CONFLICT, "m", 2, "w2", Instant.parse("2025-01-25T10:30:00Z"))
                .withRuleFields("conflict:w2>w1:a ∩ b", java.util.List.of("w1"), java.util.List.of("a", "b"))
                .withGitHub(new Escalation.GitHubMirror(2, "https://github.com/o/r/issues/2#issuecomment-1", "needs-human", null));

        Escalation back = EscalationCodec.parse(EscalationCodec.write(e));

        assertThat(back).isEqualTo(e);
        assertThat(new String(EscalationCodec.write(e), StandardCharsets.UTF_8)).doesNotContain("answer").doesNotContain("decision");
    }
}

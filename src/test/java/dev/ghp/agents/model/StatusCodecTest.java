package dev.ghp.agents.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StatusCodecTest {

    private static final String SEED = """
            {
              "schemaVersion": 1,
              "agents": {
                "worker-1": {
                  "issue": 147,
                  "status": "implementing",
                  "lastAction": "wrote the parser",
                  "timestamp": "2025-01-25T10:30:00Z"
                }
              }
            }
            """;

    private static StatusDocument parse(String json) throws StatusCodec.FormatException {
        return StatusCodec.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String write(StatusDocument doc) {
        return new String(StatusCodec.write(doc), StandardCharsets.UTF_8);
    }

    @Test
    void seedFormatIsReadFieldForField() throws Exception {
        StatusDocument doc = parse(SEED);

        assertThat(doc.schemaVersion()).isEqualTo(1);
        assertThat(doc.agents()).containsOnlyKeys("worker-1");
        AgentRecord r = doc.agents().get("worker-1");
        assertThat(r.issue()).isEqualTo(147);
        assertThat(r.status()).isEqualTo("implementing");
        assertThat(r.lastAction()).isEqualTo("wrote the parser");
        assertThat(r.timestamp()).isEqualTo(Instant.parse("2025-01-25T10:30:00Z"));
        assertThat(r.branch()).isNull();
        assertThat(r.worktree()).isNull();
        assertThat(r.blockedOn()).isNull();
        assertThat(r.extra()).isEmpty();
    }

    @Test
    void seedFormatIsWrittenBackByteForByte() throws Exception {
        assertThat(write(parse(SEED))).isEqualTo(SEED);
    }

    @Test
    void seedWithoutSchemaVersionIsReadAsVersionOneAndGainsItOnRewrite() throws Exception {
        StatusDocument doc = parse("""
                {"agents": {"worker-1": {"issue": 147, "status": "testing", "lastAction": "x", "timestamp": "2025-01-25T10:30:00Z"}}}
                """);

        assertThat(doc.schemaVersion()).isEqualTo(1);
        assertThat(write(doc)).startsWith("{\n  \"schemaVersion\": 1,\n  \"agents\": {\n    \"worker-1\": {\n      \"issue\": 147,");
    }

    @Test
    void anEmptyDocumentIsWrittenInGhpStyle() {
        assertThat(write(StatusDocument.empty())).isEqualTo("""
                {
                  "schemaVersion": 1,
                  "agents": {}
                }
                """);
    }

    @Test
    void addedFieldsAreWrittenAfterTheSeedFieldsAndReadBack() throws Exception {
        AgentRecord r = AgentRecord.builder().issue(150).status("blocked").lastAction("waiting")
                .timestamp(Instant.parse("2025-01-25T10:30:00Z")).branch("me/150-x").worktree("/w/150")
                .blockedOn("#147").files(List.of("src/**")).build();
        StatusDocument doc = StatusDocument.empty().withAgent("worker-2", r);

        String text = write(doc);

        assertThat(text).isEqualTo("""
                {
                  "schemaVersion": 1,
                  "agents": {
                    "worker-2": {
                      "issue": 150,
                      "status": "blocked",
                      "lastAction": "waiting",
                      "timestamp": "2025-01-25T10:30:00Z",
                      "branch": "me/150-x",
                      "worktree": "/w/150",
                      "blockedOn": "#147",
                      "files": [
                        "src/**"
                      ]
                    }
                  }
                }
                """);
        assertThat(parse(text).agents().get("worker-2")).isEqualTo(r);
    }

    @Test
    void unknownTopLevelAndPerAgentFieldsArePreservedInOrderOnRewrite() throws Exception {
        StatusDocument doc = parse("""
                {
                  "schemaVersion": 1,
                  "zeta": {"nested": [1, 2, {"deep": true}]},
                  "agents": {
                    "worker-1": {
                      "issue": 147,
                      "model": "claude",
                      "status": "implementing",
                      "lastAction": "x",
                      "timestamp": "2025-01-25T10:30:00Z",
                      "alpha": null,
                      "cost": 1.25
                    }
                  },
                  "alpha": "kept"
                }
                """);
        AgentRecord changed = doc.agents().get("worker-1").toBuilder().status("testing").build();

        String text = write(doc.withAgent("worker-1", changed));

        assertThat(text).isEqualTo("""
                {
                  "schemaVersion": 1,
                  "agents": {
                    "worker-1": {
                      "issue": 147,
                      "status": "testing",
                      "lastAction": "x",
                      "timestamp": "2025-01-25T10:30:00Z",
                      "model": "claude",
                      "alpha": null,
                      "cost": 1.25
                    }
                  },
                  "zeta": {
                    "nested": [
                      1,
                      2,
                      {
                        "deep": true
                      }
                    ]
                  },
                  "alpha": "kept"
                }
                """);
    }

    @Test
    void agentsAreWrittenInNameOrder() throws Exception {
        StatusDocument doc = parse("""
                {"schemaVersion": 1, "agents": {"b": {"status": "done"}, "a": {"status": "done"}, "C": {"status": "done"}}}
                """);

        assertThat(StatusCodec.toJson(doc).get("agents").fieldNames()).toIterable().containsExactly("C", "a", "b");
    }

    @Test
    void aNewerSchemaIsRefusedAndSaysSo() {
        assertThatThrownBy(() -> parse("{\"schemaVersion\": 2, \"agents\": {}}"))
                .isInstanceOf(StatusCodec.FormatException.class)
                .hasMessageContaining("schemaVersion 2")
                .satisfies(e -> assertThat(((StatusCodec.FormatException) e).newerSchema()).isTrue());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "{",
        "not json",
        "[]",
        "42",
        "\"text\"",
        "null",
        "{\"schemaVersion\": \"1\", \"agents\": {}}",
        "{\"schemaVersion\": 0, \"agents\": {}}",
        "{\"schemaVersion\": 1.5, \"agents\": {}}",
        "{\"schemaVersion\": 1, \"agents\": []}",
        "{\"schemaVersion\": 1, \"agents\": \"worker-1\"}",
        "{\"schemaVersion\": 1, \"agents\": {\"w\": \"implementing\"}}",
        "{\"schemaVersion\": 1, \"agents\": {\"w\": {\"issue\": \"one\"}}}",
        "{\"schemaVersion\": 1, \"agents\": {\"w\": {\"issue\": 1.5}}}",
        "{\"schemaVersion\": 1, \"agents\": {\"w\": {\"issue\": {}}}}",
        "{\"schemaVersion\": 1, \"agents\": {\"w\": {\"issue\": 99999999999}}}",
        "{\"schemaVersion\": 1, \"agents\": {\"w\": {\"status\": 3}}}",
        "{\"schemaVersion\": 1, \"agents\": {\"w\": {\"status\": [\"implementing\"]}}}",
        "{\"schemaVersion\": 1, \"agents\": {\"w\": {\"lastAction\": {\"text\": \"x\"}}}}",
        "{\"schemaVersion\": 1, \"agents\": {\"w\": {\"lastAction\": true}}}",
        "{\"schemaVersion\": 1, \"agents\": {\"w\": {\"timestamp\": 1737801000}}}",
        "{\"schemaVersion\": 1, \"agents\": {\"w\": {\"timestamp\": \"yesterday\"}}}",
        "{\"schemaVersion\": 1, \"agents\": {\"w\": {\"timestamp\": \"2025-01-25T10:30:00\"}}}",
        "{\"schemaVersion\": 1, \"agents\": {\"w\": {\"branch\": 7}}}",
        "{\"schemaVersion\": 1, \"agents\": {\"w\": {\"worktree\": {}}}}",
        "{\"schemaVersion\": 1, \"agents\": {\"w\": {\"blockedOn\": 150}}}",
        "{\"schemaVersion\": 1, \"agents\": {\"w\": {\"files\": \"src/**\"}}}",
        "{\"schemaVersion\": 1, \"agents\": {\"w\": {\"files\": [1]}}}"
    })
    void corruptJsonAndWrongTypesAreRefused(String json) {
        assertThatThrownBy(() -> parse(json))
                .isInstanceOf(StatusCodec.FormatException.class)
                .satisfies(e -> assertThat(((StatusCodec.FormatException) e).newerSchema()).isFalse());
    }

    @Test
    void theRefusalNamesTheAgentAndField() {
        assertThatThrownBy(() -> parse("{\"schemaVersion\": 1, \"agents\": {\"worker-9\": {\"status\": 3}}}"))
                .hasMessageContaining("worker-9").hasMessageContaining("status");
    }

    @Test
    void nullsForOptionalFieldsAreAccepted() throws Exception {
        AgentRecord r = parse("""
                {"schemaVersion": 1, "agents": {"w": {"issue": null, "status": null, "lastAction": null, "timestamp": null,
                 "branch": null, "files": null}}}
                """).agents().get("w");

        assertThat(r.issue()).isNull();
        assertThat(r.status()).isNull();
        assertThat(r.timestamp()).isNull();
        assertThat(r.files()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "2025-01-25T10:30:00Z",
        "2025-01-25T10:30:00.000Z",
        "2025-01-25T10:30:00.999999999Z",
        "2025-01-25T11:30:00+01:00",
        "2025-01-25T11:30:00.5+01:00",
        "2025-01-25T05:00:00-05:30",
        "2025-01-25T10:30:00+00:00"
    })
    void timestampsWithOffsetsAndFractionsAreAcceptedAndWrittenAsUtcToTheSecond(String ts) throws Exception {
        StatusDocument doc = parse("{\"agents\": {\"w\": {\"status\": \"testing\", \"timestamp\": \"" + ts + "\"}}}");

        assertThat(doc.agents().get("w").timestamp().getEpochSecond())
                .isEqualTo(Instant.parse("2025-01-25T10:30:00Z").getEpochSecond());
        assertThat(StatusCodec.toJson(doc).at("/agents/w/timestamp").asText()).isEqualTo("2025-01-25T10:30:00Z");
    }

    @Test
    void anIssueWrittenAsTextIsReadAsItsNumber() throws Exception {
        assertThat(parse("{\"agents\": {\"w\": {\"issue\": \"#147\"}}}").agents().get("w").issue()).isEqualTo(147);
    }

    @Test
    void anUnknownStatusValueSurvivesARewrite() throws Exception {
        StatusDocument doc = parse("{\"agents\": {\"w\": {\"status\": \"hibernating\"}}}");

        assertThat(doc.agents().get("w").knownStatus()).isEmpty();
        assertThat(StatusCodec.toJson(doc).at("/agents/w/status").asText()).isEqualTo("hibernating");
    }

    @Test
    void unknownValuesOfEveryKindSurviveARewriteExactly() throws Exception {
        String original = """
                {
                  "schemaVersion": 1,
                  "agents": {},
                  "numbers": [
                    0,
                    -7,
                    2147483648,
                    123456789012345678901234567890,
                    1.10,
                    100.0,
                    0.1234567890123456789,
                    1.5E-7,
                    1E+400
                  ],
                  "text": "tab\\tquote\\"slash\\\\ \\u00e9\\u001b🚀",
                  "flags": [
                    true,
                    false,
                    null
                  ],
                  "empty": {
                    "object": {},
                    "array": []
                  }
                }
                """;

        String rewritten = write(parse(original));

        assertThat(parse(rewritten)).isEqualTo(parse(original));
        assertThat(rewritten).contains("123456789012345678901234567890,", "0.1234567890123456789,", "2147483648,")
                .contains("\"object\": {}", "\"array\": []");
        assertThat(StatusCodec.toJson(parse(rewritten)).get("numbers").get(3).bigIntegerValue())
                .isEqualTo(new java.math.BigInteger("123456789012345678901234567890"));
        assertThat(new java.math.BigDecimal(StatusCodec.toJson(parse(rewritten)).get("numbers").get(6).asText()))
                .isEqualByComparingTo("0.1234567890123456789");
    }

    /** A decoded status is the status's own wire string (fromWire compares references first); its text is unchanged. */
    @Test
    void aKnownStatusIsReadAsItsWireStringAndAnUnknownOneIsKeptAsWritten() throws Exception {
        StatusDocument doc = parse(SEED.replace("\"implementing\"", "\"block" + "ed\"")
                .replace("\"worker-1\": {", "\"worker-0\": {\"status\": \"sleeping\"}, \"worker-1\": {"));

        AgentRecord known = doc.agents().get("worker-1");
        assertThat(known.status()).isSameAs(AgentStatus.BLOCKED.wire());
        assertThat(known.knownStatus()).contains(AgentStatus.BLOCKED);
        assertThat(doc.agents().get("worker-0").status()).isEqualTo("sleeping");
        assertThat(doc.agents().get("worker-0").knownStatus()).isEmpty();
        assertThat(AgentStatus.fromWire(new String("waiting".toCharArray()))).contains(AgentStatus.WAITING);
        assertThat(write(doc)).contains("\"blocked\"").contains("\"sleeping\"");
    }
}

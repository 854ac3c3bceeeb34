package dev.ghp.agents.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The incremental encoder's bytes are the full encoder's ({@link StatusCodec#write}), whatever the
 * table and whatever it encoded before: random tables with odd text, then each changed the way
 * writers change it (a row replaced, added or removed, fields a newer tool wrote), by one encoder.
 */
class IncrementalStatusEncoderTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Test
    void writesTheFullEncodersBytesForRandomTablesAndTheirChanges() {
        Random random = new Random(21);
        IncrementalStatusEncoder encoder = new IncrementalStatusEncoder();
        for (int table = 0; table < 60; table++) {
            StatusDocument doc = randomTable(random, random.nextInt(40));
            assertSameBytes(encoder, doc);
            for (int change = 0; change < 15; change++) {
                doc = changed(random, doc);
                assertSameBytes(encoder, doc);
            }
        }
    }

    @Test
    void writesTheFullEncodersBytesForTablesOfSeveralRepositoriesInTurn() {
        Random random = new Random(22);
        IncrementalStatusEncoder encoder = new IncrementalStatusEncoder();
        StatusDocument[] repositories = new StatusDocument[IncrementalStatusEncoder.TABLES_KEPT + 2];
        for (int r = 0; r < repositories.length; r++) {
            repositories[r] = randomTable(random, 10 + random.nextInt(20));
        }
        for (int round = 0; round < 300; round++) {
            int r = random.nextInt(3) == 0 ? random.nextInt(repositories.length) : round % 3;
            repositories[r] = changed(random, repositories[r]);
            assertSameBytes(encoder, repositories[r]);
        }
    }

    @Test
    void aRowWhoseNewerFieldsChangedOrderIsWrittenInItsNewOrder() {
        IncrementalStatusEncoder encoder = new IncrementalStatusEncoder();
        AgentRecord base = AgentRecord.builder().status("implementing").lastAction("x").build();
        Map<String, JsonNode> ab = new LinkedHashMap<>();
        ab.put("a", NODES.numberNode(1));
        ab.put("b", NODES.numberNode(2));
        Map<String, JsonNode> ba = new LinkedHashMap<>();
        ba.put("b", NODES.numberNode(2));
        ba.put("a", NODES.numberNode(1));
        AgentRecord first = withExtra(base, ab);
        AgentRecord second = withExtra(base, ba);
        assertThat(first).isEqualTo(second);

        assertSameBytes(encoder, table(Map.of("worker-1", first)));
        assertSameBytes(encoder, table(Map.of("worker-1", second)));
    }

    @Test
    void aRowWrittenBeforeUnderAnotherNameIsWrittenUnderItsOwn() {
        IncrementalStatusEncoder encoder = new IncrementalStatusEncoder();
        AgentRecord same = AgentRecord.builder().issue(7).status("implementing").lastAction("x")
                .timestamp(Instant.parse("2026-12-07T10:00:00Z")).build();

        assertSameBytes(encoder, table(Map.of("worker-1", same)));
        assertSameBytes(encoder, table(Map.of("worker-2", same)));
    }

    @Test
    void topLevelFieldsOfANewerToolAndAnEmptyTableAreWrittenAsTheFullEncoderWritesThem() {
        IncrementalStatusEncoder encoder = new IncrementalStatusEncoder();
        AgentRecord one = AgentRecord.builder().status("idle").lastAction("").build();
        Map<String, JsonNode> extra = new LinkedHashMap<>();
        extra.put("later", NODES.objectNode().put("agents", "not the table"));
        extra.put("empty", NODES.arrayNode());

        assertSameBytes(encoder, new StatusDocument(1, new TreeMap<>(Map.of("w", one)), extra));
        assertSameBytes(encoder, new StatusDocument(1, new TreeMap<>(), extra));
        assertSameBytes(encoder, new StatusDocument(1, new TreeMap<>(Map.of("w", one)), Map.of()));
    }

    private static void assertSameBytes(IncrementalStatusEncoder encoder, StatusDocument doc) {
        byte[] full = StatusCodec.write(doc);
        byte[] incremental = encoder.write(doc);
        assertThat(new String(incremental, StandardCharsets.UTF_8)).isEqualTo(new String(full, StandardCharsets.UTF_8));
        assertThat(incremental).isEqualTo(full);
    }

    private static StatusDocument table(Map<String, AgentRecord> agents) {
        return new StatusDocument(StatusDocument.SCHEMA_VERSION, new TreeMap<>(agents), Map.of());
    }

    private static AgentRecord withExtra(AgentRecord a, Map<String, JsonNode> extra) {
        return new AgentRecord(a.issue(), a.status(), a.lastAction(), a.timestamp(), a.branch(), a.worktree(),
                a.blockedOn(), a.files(), a.pendingFiles(), extra);
    }

    private static StatusDocument randomTable(Random random, int agents) {
        TreeMap<String, AgentRecord> rows = new TreeMap<>();
        for (int i = 0; i < agents; i++) {
            rows.put(randomText(random, 12) + i, randomAgent(random));
        }
        Map<String, JsonNode> extra = new LinkedHashMap<>();
        if (random.nextInt(4) == 0) {
            extra.put("z" + randomText(random, 5), randomValue(random, 2));
            extra.put("a" + randomText(random, 5), randomValue(random, 2));
        }
        return new StatusDocument(StatusDocument.SCHEMA_VERSION, rows, extra);
    }

    /** The table after one change a writer makes. */
    private static StatusDocument changed(Random random, StatusDocument doc) {
        List<String> names = new ArrayList<>(doc.agents().keySet());
        String some = names.isEmpty() ? "new" : names.get(random.nextInt(names.size()));
        return switch (random.nextInt(6)) {
            case 0 -> doc.withAgent(randomText(random, 10), randomAgent(random));
            case 1 -> doc.withoutAgent(some);
            case 2 -> new StatusDocument(doc.schemaVersion(), doc.agents(), Map.of("top", randomValue(random, 2)));
            case 3 -> doc.withAgent(some, doc.agents().containsKey(some)
                    ? withExtra(doc.agents().get(some), reversed(doc.agents().get(some).extra())) : randomAgent(random));
            default -> doc.withAgent(some, doc.agents().containsKey(some)
                    ? doc.agents().get(some).toBuilder().lastAction(randomText(random, 40))
                            .timestamp(Instant.ofEpochSecond(1_700_000_000L + random.nextInt(1_000_000), random.nextInt(3) * 1_000))
                            .build()
                    : randomAgent(random));
        };
    }

    private static Map<String, JsonNode> reversed(Map<String, JsonNode> extra) {
        List<Map.Entry<String, JsonNode>> entries = new ArrayList<>(extra.entrySet());
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (int i = entries.size() - 1; i >= 0; i--) {
            out.put(entries.get(i).getKey(), entries.get(i).getValue());
        }
        return out;
    }

    private static AgentRecord randomAgent(Random random) {
        Map<String, JsonNode> extra = new LinkedHashMap<>();
        for (int i = random.nextInt(3) == 0 ? random.nextInt(4) : 0; i > 0; i--) {
            extra.put("x" + randomText(random, 6), randomValue(random, 3));
        }
        return new AgentRecord(
                random.nextBoolean() ? null : random.nextInt(100_000),
                random.nextInt(5) == 0 ? randomText(random, 8) : "implementing",
                randomText(random, random.nextInt(10) == 0 ? 5_000 : 60),
                random.nextInt(8) == 0 ? null
                        : Instant.ofEpochSecond(random.nextInt(8) == 0 ? -70_000_000_000L : 1_700_000_000L + random.nextInt(9_999_999)),
                random.nextBoolean() ? null : randomText(random, 20),
                random.nextBoolean() ? null : "/tmp/" + randomText(random, 20),
                random.nextInt(4) == 0 ? randomText(random, 6) : null,
                randomTexts(random), randomTexts(random), extra);
    }

    private static List<String> randomTexts(Random random) {
        List<String> out = new ArrayList<>();
        for (int i = random.nextInt(3) == 0 ? random.nextInt(5) : 0; i > 0; i--) {
            out.add(randomText(random, 15));
        }
        return out;
    }

    /** Text with JSON's escapes, control and invisible characters, non-BMP characters and plain letters. */
    private static String randomText(Random random, int maxLength) {
        String[] pieces = {"a", "Z", "9", " ", "\"", "\\", "/", "\n", "\t", "\u0000", "\u001f", "\u007f", "\u00e9",
            "\u200b", "\u202e", "\u2028", "\ufeff", "\ud83d\ude00", "\u4e2d", "}", "{", ",\n    ", "\"agents\": {}"};
        StringBuilder b = new StringBuilder();
        for (int i = random.nextInt(maxLength + 1); i > 0; i--) {
            b.append(pieces[random.nextInt(pieces.length)]);
        }
        return b.toString();
    }

    private static JsonNode randomValue(Random random, int depth) {
        int kind = random.nextInt(depth > 0 ? 9 : 7);
        return switch (kind) {
            case 0 -> NODES.textNode(randomText(random, 10));
            case 1 -> NODES.numberNode(random.nextInt());
            case 2 -> NODES.numberNode(new BigDecimal("1.10"));
            case 3 -> NODES.numberNode(new BigInteger("123456789012345678901234567890"));
            case 4 -> NODES.booleanNode(random.nextBoolean());
            case 5 -> NODES.nullNode();
            case 6 -> NODES.numberNode(random.nextLong());
            case 7 -> {
                ObjectNode o = NODES.objectNode();
                for (int i = random.nextInt(3); i > 0; i--) {
                    o.set(randomText(random, 4) + i, randomValue(random, depth - 1));
                }
                yield o;
            }
            default -> {
                var a = NODES.arrayNode();
                for (int i = random.nextInt(3); i > 0; i--) {
                    a.add(randomValue(random, depth - 1));
                }
                yield a;
            }
        };
    }
}

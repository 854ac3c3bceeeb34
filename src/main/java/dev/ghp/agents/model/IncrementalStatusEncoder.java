package dev.ghp.agents.model;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes the agent table exactly as {@link StatusCodec#write} does, byte for byte, but encodes only
 * the rows that are not in the last table it wrote; the others' bytes are reused.
 *
 * <p>Why: a heartbeat changes one row of the table, and encoding all 1,000 rows of a large table
 * was the largest part of its cost (issue #21, docs/performance.md). The file stays one file in
 * the same format (other clones and older tools read it). In the pretty-printed form a row's text
 * does not depend on its neighbours, so the table is a fixed head, the rows joined by a fixed
 * separator, and a tail (the top-level fields a newer tool wrote); IncrementalStatusEncoderTest
 * compares the result with {@link StatusCodec#write} over many random tables.
 */
public final class IncrementalStatusEncoder {
    private static final String HEAD = "{\n  \"schemaVersion\": " + StatusDocument.SCHEMA_VERSION + ",\n  \"agents\": {";
    private static final byte[] HEAD_BYTES = HEAD.getBytes(StandardCharsets.UTF_8);
    private static final byte[] EMPTY_AGENTS = (HEAD + "}").getBytes(StandardCharsets.UTF_8);
    private static final byte[] FIRST_ROW = "\n    ".getBytes(StandardCharsets.UTF_8);
    private static final byte[] NEXT_ROW = ",\n    ".getBytes(StandardCharsets.UTF_8);
    private static final byte[] ROWS_END = "\n  }".getBytes(StandardCharsets.UTF_8);
    private static final byte[] ONE_ROW_END = "\n  }\n}\n".getBytes(StandardCharsets.UTF_8);

    /**
     * The rows of the last table written, by agent name: what the next table of the same repository
     * shares all but a row or two with. One table's rows at most (no more memory than the table's
     * own bytes); a table of another repository finds little or nothing here.
     */
    private volatile Map<String, Row> lastRows = Map.of();

    /** {@link StatusCodec#write}'s bytes for {@code doc}. */
    public byte[] write(StatusDocument doc) {
        if (doc.agents().isEmpty() || doc.extra().containsKey("agents") || doc.extra().containsKey("schemaVersion")) {
            return StatusCodec.write(doc);
        }
        // The head and the tail: the table without its rows, "agents": {} followed by the rest.
        byte[] shell = StatusCodec.write(new StatusDocument(doc.schemaVersion(), new TreeMap<>(), doc.extra()));
        if (!startsWith(shell, EMPTY_AGENTS)) {
            return StatusCodec.write(doc);
        }
        Map<String, Row> previous = lastRows;
        Map<String, Row> current = new HashMap<>(doc.agents().size() * 4 / 3 + 1);
        byte[][] rows = new byte[doc.agents().size()][];
        int size = HEAD_BYTES.length + FIRST_ROW.length + (rows.length - 1) * NEXT_ROW.length + ROWS_END.length
                + shell.length - EMPTY_AGENTS.length;
        int i = 0;
        for (Map.Entry<String, AgentRecord> agent : doc.agents().entrySet()) {
            Row row = previous.get(agent.getKey());
            if (row == null || !row.writes(agent.getValue())) {
                row = new Row(agent.getValue(), encode(agent.getKey(), agent.getValue()));
            }
            current.put(agent.getKey(), row);
            rows[i++] = row.bytes();
            size += row.bytes().length;
        }
        lastRows = current;

        byte[] out = new byte[size];
        int at = put(out, 0, HEAD_BYTES, 0, HEAD_BYTES.length);
        for (int r = 0; r < rows.length; r++) {
            byte[] separator = r == 0 ? FIRST_ROW : NEXT_ROW;
            at = put(out, at, separator, 0, separator.length);
            at = put(out, at, rows[r], 0, rows[r].length);
        }
        at = put(out, at, ROWS_END, 0, ROWS_END.length);
        put(out, at, shell, EMPTY_AGENTS.length, shell.length - EMPTY_AGENTS.length);
        return out;
    }

    /** One row, {@code "name": {...}}, as the full encoder writes it inside the table (cut out of a one-row table). */
    private static byte[] encode(String name, AgentRecord agent) {
        TreeMap<String, AgentRecord> one = new TreeMap<>();
        one.put(name, agent);
        byte[] table = StatusCodec.write(new StatusDocument(StatusDocument.SCHEMA_VERSION, one, Map.of()));
        int from = HEAD_BYTES.length + FIRST_ROW.length;
        return Arrays.copyOfRange(table, from, table.length - ONE_ROW_END.length);
    }

    private static int put(byte[] out, int at, byte[] bytes, int from, int length) {
        System.arraycopy(bytes, from, out, at, length);
        return at + length;
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }

    /** A row's record and its bytes under its name. */
    private record Row(AgentRecord agent, byte[] bytes) {
        /**
         * Whether {@code other} is written as this row's record is: the same record, or an equal
         * one without fields of a newer tool ({@code extra}: maps are equal whatever the order of
         * their entries, but the order is written).
         */
        boolean writes(AgentRecord other) {
            return agent == other || (other.extra().isEmpty() && agent.equals(other));
        }
    }
}

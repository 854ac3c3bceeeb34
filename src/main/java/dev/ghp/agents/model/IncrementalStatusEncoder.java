package dev.ghp.agents.model;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes the agent table exactly as {@link StatusCodec#write} does, byte for byte, but encodes only
 * the rows that are not in the last tables it wrote; the others' bytes are reused.
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

    /** How many tables' rows are kept: the daemon serves several repositories, each writing its own table. */
    static final int TABLES_KEPT = 4;

    /**
     * The rows of the tables written last, each by agent name, most recent first: the next table of
     * a repository shares all but a row or two with that repository's last one. Bounded by
     * {@link #TABLES_KEPT} tables (each no more memory than its own bytes).
     */
    private List<Map<String, Row>> recent = List.of();

    /** {@link StatusCodec#write}'s bytes for {@code doc}; safe to call from several threads. */
    public byte[] write(StatusDocument doc) {
        if (doc.agents().isEmpty() || doc.extra().containsKey("agents") || doc.extra().containsKey("schemaVersion")) {
            return StatusCodec.write(doc);
        }
        // The head and the tail: the table without its rows, "agents": {} followed by the rest.
        byte[] shell = StatusCodec.write(new StatusDocument(doc.schemaVersion(), new TreeMap<>(), doc.extra()));
        if (!startsWith(shell, EMPTY_AGENTS)) {
            return StatusCodec.write(doc);
        }
        List<Map<String, Row>> previous = recentTables();
        int[] hits = new int[previous.size()];
        Map<String, Row> current = new HashMap<>(doc.agents().size() * 4 / 3 + 1);
        byte[][] rows = new byte[doc.agents().size()][];
        int size = HEAD_BYTES.length + FIRST_ROW.length + (rows.length - 1) * NEXT_ROW.length + ROWS_END.length
                + shell.length - EMPTY_AGENTS.length;
        int i = 0;
        for (Map.Entry<String, AgentRecord> agent : doc.agents().entrySet()) {
            Row row = null;
            for (int t = 0; t < previous.size() && row == null; t++) {
                Row candidate = previous.get(t).get(agent.getKey());
                if (candidate != null && candidate.writes(agent.getValue())) {
                    row = candidate;
                    hits[t]++;
                }
            }
            if (row == null) {
                row = new Row(agent.getValue(), encode(agent.getKey(), agent.getValue()));
            }
            current.put(agent.getKey(), row);
            rows[i++] = row.bytes();
            size += row.bytes().length;
        }
        remember(previous, hits, current);

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

    private synchronized List<Map<String, Row>> recentTables() {
        return recent;
    }

    /**
     * Puts the table just written first, in place of the one it took most rows from (its
     * repository's last table), or of the oldest when it took none (a repository not seen lately).
     */
    private synchronized void remember(List<Map<String, Row>> previous, int[] hits, Map<String, Row> current) {
        int replaced = -1;
        for (int t = 0; t < hits.length; t++) {
            if (hits[t] > 0 && (replaced < 0 || hits[t] > hits[replaced])) {
                replaced = t;
            }
        }
        List<Map<String, Row>> next = new ArrayList<>(TABLES_KEPT);
        next.add(current);
        for (int t = 0; t < previous.size() && next.size() < TABLES_KEPT; t++) {
            if (t != replaced) {
                next.add(previous.get(t));
            }
        }
        recent = List.copyOf(next);
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
         * Whether {@code other} is written as this row's record is: the same record (records are
         * immutable, and no one changes the JSON values of their {@code extra} once read), or an
         * equal one without fields of a newer tool ({@code extra}: maps are equal whatever the
         * order of their entries, but the order is written).
         */
        boolean writes(AgentRecord other) {
            return agent == other || (other.extra().isEmpty() && agent.equals(other));
        }
    }
}

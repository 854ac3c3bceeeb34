package dev.ghp.agents.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.store.CommitSignature;
import dev.ghp.agents.store.CoordinationHistory;
import dev.ghp.agents.store.WrittenBy;
import dev.ghp.agents.text.Printable;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code agent-status --timeline}'s "who wrote what" (#24): for each agent, who made the commits
 * that wrote its entry within the window (an agent in its session, or a person; the session; the
 * machine), as the commits' trailers say, whether those commits are signed by a key the user's git
 * trusts, and how many commits each.
 */
final class TimelineWriters {
    /**
     * One writer, and whether its commits are signed by a trusted key ({@code signature}); the rest
     * all null for commits that say nothing (written before #24, or merges of agent-sync).
     */
    record Writer(String kind, String name, String session, String machine, CommitSignature signature) {
        static Writer of(WrittenBy w, CommitSignature signature) {
            return w == null ? new Writer(null, null, null, null, signature)
                    : new Writer(w.kind(), w.name(), w.session(), w.machine(), signature);
        }

        String shown() {
            if (kind == null) {
                return "not recorded" + mark();
            }
            StringBuilder b = new StringBuilder(kind).append(' ').append(Printable.line(name));
            if (session != null) {
                b.append(" · ").append(Printable.line(session));
            }
            if (machine != null) {
                b.append(" · ").append(Printable.line(machine));
            }
            return b.append(mark()).toString();
        }

        /** The signature's mark: nothing for an unsigned commit, as before signing existed. */
        private String mark() {
            return switch (signature) {
                case VERIFIED -> " [signed, verified]";
                case UNVERIFIED -> " [signed, unverified]";
                case NONE -> "";
            };
        }
    }

    private TimelineWriters() {
    }

    /** Per agent, the writers of the commits since {@code from} that wrote its entry, in order of first write. */
    static Map<String, Map<Writer, Integer>> of(List<CoordinationHistory.State> states, Instant from) {
        Map<String, Map<Writer, Integer>> out = new TreeMap<>();
        for (CoordinationHistory.State st : states) {
            if (st.committed().isBefore(from)) {
                continue;
            }
            Writer w = Writer.of(st.writtenBy(), st.signature());
            for (String agent : st.changed()) {
                out.computeIfAbsent(agent, k -> new LinkedHashMap<>()).merge(w, 1, Integer::sum);
            }
        }
        return out;
    }

    /** The lines under the chart, one per agent shown that has writers; nothing when none has. */
    static String text(List<String> agents, Map<String, Map<Writer, Integer>> writers) {
        StringBuilder b = new StringBuilder();
        for (String agent : agents) {
            Map<Writer, Integer> mine = writers.get(agent);
            if (mine == null || mine.isEmpty()) {
                continue;
            }
            b.append("  ").append(Printable.line(agent)).append(": ");
            String sep = "";
            for (Map.Entry<Writer, Integer> e : mine.entrySet()) {
                b.append(sep).append(e.getKey().shown()).append(" (").append(e.getValue())
                        .append(e.getValue() == 1 ? " commit)" : " commits)");
                sep = "; ";
            }
            b.append('\n');
        }
        return b.length() == 0 ? "" : "Written by (commits that wrote each entry in the window):\n" + b;
    }

    static ArrayNode json(Map<Writer, Integer> mine) {
        ArrayNode array = Json.object().arrayNode();
        mine.forEach((w, count) -> {
            ObjectNode o = array.addObject();
            o.put("kind", w.kind());
            o.put("name", w.name());
            o.put("session", w.session());
            o.put("machine", w.machine());
            o.put("signature", w.signature().word());
            o.put("commits", count);
        });
        return array;
    }
}

package dev.ghp.agents.handoff;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;

/**
 * A handoff document read back from the ref: its text, and who, to whom and when from its marker
 * line ({@link HandoffMarkdown#MARKER}); a document without one (written by hand, or by another
 * tool) falls back on its file name.
 *
 * @param at ISO-8601 UTC, or null when neither marker nor name tells
 */
public record StoredHandoff(String text, String from, String to, String at) {

    public static StoredHandoff parse(HandoffFiles.Entry entry, byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        Map<String, String> fields = new HashMap<>();
        int end = text.indexOf('\n');
        String first = end < 0 ? text : text.substring(0, end);
        if (first.startsWith(HandoffMarkdown.MARKER) && first.endsWith("-->")) {
            for (String part : first.substring(HandoffMarkdown.MARKER.length(), first.length() - 3).trim().split("\\s+")) {
                int eq = part.indexOf('=');
                if (eq > 0) {
                    fields.put(part.substring(0, eq), part.substring(eq + 1));
                }
            }
        }
        String at = fields.get("at");
        if (at == null) {
            try {
                at = HandoffFiles.STAMP.parse(entry.stamp(), Instant::from).toString();
            } catch (DateTimeParseException e) {
                at = null;
            }
        }
        return new StoredHandoff(text, fields.getOrDefault("from", entry.agent()), fields.get("to"), at);
    }
}

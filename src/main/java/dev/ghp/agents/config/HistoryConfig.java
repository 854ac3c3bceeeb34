package dev.ghp.agents.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ghp.agents.errors.UsageException;
import dev.ghp.agents.text.Durations;
import dev.ghp.agents.store.HistoryLimits;
import dev.ghp.agents.text.Printable;
import java.time.Duration;
import java.util.Iterator;
import java.util.Set;

/**
 * {@code agents.history} in GHP's configuration: how much history the coordination ref keeps,
 * {@code {"maxCommits": 50000, "maxAge": "30d"}} ({@code maxAge} may be a number of seconds). Either key may be left out (its default applies);
 * there is no "unbounded": history that grows forever makes every clone and fetch pay for it.
 * A key this version does not know is refused rather than ignored, since a misspelt limit would
 * silently prune by the default.
 */
final class HistoryConfig {
    public static final String KEY = "history";
    private static final Set<String> KNOWN = Set.of("maxCommits", "maxAge");
    private static final String HINT = "write it like \"history\": {\"maxCommits\": 50000, \"maxAge\": \"30d\"}";

    private HistoryConfig() {
    }

    static HistoryLimits read(AgentsConfig config) {
        JsonNode node = config.get(KEY).orElse(null);
        if (node == null) {
            return HistoryLimits.DEFAULTS;
        }
        if (!node.isObject()) {
            throw bad("agents.history in " + config.where(KEY) + " must be an object");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!KNOWN.contains(name)) {
                throw bad("agents.history in " + config.where(KEY + "." + name) + " has an unknown key '" + Printable.quote(name)
                        + "' (it knows maxCommits and maxAge)");
            }
        }
        return new HistoryLimits(maxCommits(node.get("maxCommits"), config.where(KEY + ".maxCommits")),
                maxAge(node.get("maxAge"), config.where(KEY + ".maxAge")));
    }

    private static int maxCommits(JsonNode n, String where) {
        if (n == null || n.isNull()) {
            return HistoryLimits.DEFAULT_MAX_COMMITS;
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong()
                || n.longValue() < HistoryLimits.MIN_COMMITS || n.longValue() > HistoryLimits.MAX_COMMITS) {
            throw bad("agents.history.maxCommits in " + where + " must be a whole number from "
                    + HistoryLimits.MIN_COMMITS + " to " + HistoryLimits.MAX_COMMITS + ", not " + shown(n));
        }
        return n.intValue();
    }

    /** A duration, or a number of seconds as {@code ghp config agents.history.maxAge 86400} writes it. */
    private static Duration maxAge(JsonNode n, String where) {
        if (n == null || n.isNull()) {
            return HistoryLimits.DEFAULT_MAX_AGE;
        }
        Duration d = n.isTextual() ? Durations.parse(n.asText()).orElse(null) : AgentsConfig.seconds(n).orElse(null);
        if (d == null || d.compareTo(HistoryLimits.MIN_AGE) < 0 || d.compareTo(HistoryLimits.MAX_AGE) > 0) {
            throw bad("agents.history.maxAge in " + where + " must be a duration from 1h to 36500d, not "
                    + shown(n));
        }
        return d;
    }

    private static String shown(JsonNode n) {
        String text = n.isTextual() ? "'" + n.asText() + "'" : n.toString();
        return Printable.quote(text.length() > 40 ? text.substring(0, 40) + "…" : text);
    }

    private static UsageException bad(String message) {
        return new UsageException(message, HINT);
    }
}

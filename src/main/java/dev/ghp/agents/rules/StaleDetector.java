package dev.ghp.agents.rules;

import dev.ghp.agents.config.Settings;
import dev.ghp.agents.model.AgentRecord;
import dev.ghp.agents.model.AgentStatus;
import dev.ghp.agents.model.StatusDocument;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The stale-detector pass, run on every status query (docs/design.md#reading-staleness-and-authority): an agent is stale when its last
 * report is older than the limit. A done agent is never stale; one with no timestamp always is, and so
 * is one stamped more than {@link ClockSkew#TOLERANCE} in the future (its clock runs ahead).
 */
public final class StaleDetector {
    public static final Duration DEFAULT_STALE_AFTER = Settings.DEFAULT_STALE_AFTER;

    private final Duration staleAfter;

    public StaleDetector(Duration staleAfter) {
        this.staleAfter = staleAfter;
    }

    public Duration staleAfter() {
        return staleAfter;
    }

    public AgentView view(String name, AgentRecord agent, Instant now) {
        Duration age = agent.timestamp() == null ? null : Duration.between(agent.timestamp(), now);
        // A stamp far in the future says nothing about whether the agent still works (ClockSkew).
        boolean stale = !agent.isDone() && (age == null || age.compareTo(staleAfter) > 0
                || ClockSkew.isAhead(agent.timestamp(), now));
        return new AgentView(name, agent, age, stale);
    }

    /** Every agent, in attention order: what needs a human first. */
    public List<AgentView> assess(StatusDocument doc, Instant now) {
        List<AgentView> views = new ArrayList<>();
        for (Map.Entry<String, AgentRecord> e : doc.agents().entrySet()) {
            views.add(view(e.getKey(), e.getValue(), now));
        }
        views.sort(ATTENTION_ORDER);
        return views;
    }

    /**
     * Stale agents first (longest silent first), then blocked, then waiting, then the working ones
     * (most recent first), done last; ties by name so the order is stable.
     */
    public static final Comparator<AgentView> ATTENTION_ORDER = Comparator
            .comparingInt(StaleDetector::rank)
            .thenComparing(StaleDetector::ageKey)
            .thenComparing(AgentView::name);

    private static int rank(AgentView v) {
        if (v.stale()) {
            return 0;
        }
        AgentStatus s = v.record().knownStatus().orElse(null);
        if (s == AgentStatus.BLOCKED) {
            return 1;
        }
        if (s == AgentStatus.WAITING) {
            return 2;
        }
        if (s == AgentStatus.DONE) {
            return 4;
        }
        return 3;
    }

    /** Within stale agents the longest silent first; elsewhere the most recent first. */
    private static long ageKey(AgentView v) {
        long seconds = v.age() == null ? Long.MAX_VALUE / 2 : v.age().getSeconds();
        return v.stale() ? -seconds : seconds;
    }
}

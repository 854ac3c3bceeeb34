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
import java.util.Set;

/**
 * The stale-detector pass, run on every status query (docs/design.md#reading-staleness-and-authority): an agent is stale when its last
 * report is older than the limit; an agent that waits (status {@code waiting} or {@code blocked}) or is a lead has the
 * longer {@link #waitingStaleAfter()}. A done agent is never stale; one with no timestamp always is, and so
 * is one stamped more than {@link ClockSkew#TOLERANCE} in the future (its clock runs ahead).
 */
public final class StaleDetector {
    public static final Duration DEFAULT_STALE_AFTER = Settings.DEFAULT_STALE_AFTER;
    public static final Duration DEFAULT_WAITING_STALE_AFTER = Settings.DEFAULT_WAITING_STALE_AFTER;

    private final Duration staleAfter;
    private final Duration waitingStaleAfter;
    private final Set<String> leads;

    /** The stale limit, with the default bound for waiting agents and no leads. */
    public StaleDetector(Duration staleAfter) {
        this(staleAfter, DEFAULT_WAITING_STALE_AFTER, Set.of());
    }

    /**
     * @param waitingStaleAfter the limit of an agent that waits ({@code waiting}, {@code blocked}) and of
     *                          a lead: never below {@code staleAfter}
     * @param leads             {@code agents.leads}: names that report rarely by their role
     */
    public StaleDetector(Duration staleAfter, Duration waitingStaleAfter, Set<String> leads) {
        this.staleAfter = staleAfter;
        this.waitingStaleAfter = waitingStaleAfter.compareTo(staleAfter) < 0 ? staleAfter : waitingStaleAfter;
        this.leads = Set.copyOf(leads);
    }

    public Duration staleAfter() {
        return staleAfter;
    }

    public Duration waitingStaleAfter() {
        return waitingStaleAfter;
    }

    /**
     * Whether the agent waits by what it reported: for its human ({@code waiting}), on another
     * ({@code blocked}), or is a lead. Such an agent is silent by design, so it goes stale only after
     * {@link #waitingStaleAfter()}: it keeps its claims under the {@code release} policy while it
     * waits, and a dead one still goes stale in the end.
     */
    public boolean waits(String name, AgentRecord agent) {
        AgentStatus s = agent.knownStatus().orElse(null);
        return s == AgentStatus.WAITING || s == AgentStatus.BLOCKED || leads.contains(name);
    }

    /** {@code agents.leads}. */
    public Set<String> leads() {
        return leads;
    }

    /** Whether {@code name} is one of {@code agents.leads}. */
    public boolean isLead(String name) {
        return leads.contains(name);
    }

    /** The limit that applies to this agent. */
    public Duration limitFor(String name, AgentRecord agent) {
        return waits(name, agent) ? waitingStaleAfter : staleAfter;
    }

    public AgentView view(String name, AgentRecord agent, Instant now) {
        Duration age = agent.timestamp() == null ? null : Duration.between(agent.timestamp(), now);
        // A stamp far in the future says nothing about whether the agent still works (ClockSkew).
        boolean stale = !agent.isDone() && (age == null || age.compareTo(limitFor(name, agent)) > 0
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

package dev.ghp.agents.rules;

import dev.ghp.agents.model.AgentRecord;
import dev.ghp.agents.rules.scope.PatternOverlap;
import dev.ghp.agents.rules.scope.ScopePattern;
import java.util.ArrayList;
import java.util.List;

/**
 * The file scope a heartbeat asks for, split into what becomes active and what waits on an
 * approval, next to what the agent held before (the patterns held before are never refused).
 */
record ScopeSplit(List<ScopePattern> active, List<ScopePattern> pending, List<ScopePattern> prevActive,
                  List<ScopePattern> prevPending) {

    /**
     * @param prev   the agent's record before, or null
     * @param asked  {@code --files}, or null to keep the scope held
     * @param shared {@code agents.sharedFiles}
     */
    static ScopeSplit of(AgentRecord prev, List<ScopePattern> asked, List<ScopePattern> shared) {
        List<ScopePattern> prevActive = stored(prev == null ? List.of() : prev.files());
        List<ScopePattern> prevPending = stored(prev == null ? List.of() : prev.pendingFiles());
        List<ScopePattern> active = new ArrayList<>();
        List<ScopePattern> pending = new ArrayList<>();
        if (asked == null) {
            active.addAll(prevActive);
            pending.addAll(prevPending);
        } else {
            for (ScopePattern p : dedupe(asked)) {
                if (prevActive.contains(p)) {
                    active.add(p);
                } else if (prevPending.contains(p) || shared.stream().anyMatch(q -> PatternOverlap.overlap(p, q))) {
                    pending.add(p);
                } else {
                    active.add(p);
                }
            }
        }
        return new ScopeSplit(active, pending, prevActive, prevPending);
    }

    /**
     * Why each pending pattern waits, one line each: "**&#47;*.xml matches agents.sharedFiles /pom.xml
     * (both cover pom.xml)", naming the one shared pattern that matched. A pattern pending from
     * before that no shared pattern matches any more (the configuration changed) says so.
     */
    static List<String> reasons(List<ScopePattern> pending, List<ScopePattern> shared) {
        List<String> out = new ArrayList<>();
        for (ScopePattern p : pending) {
            String why = p.text() + " waits on an approval asked before (no agents.sharedFiles pattern matches it now)";
            for (ScopePattern q : shared) {
                var example = PatternOverlap.example(p, q);
                if (example.isPresent()) {
                    why = p.text() + " matches agents.sharedFiles " + q.text() + " (both cover " + example.get() + ")";
                    break;
                }
            }
            out.add(why);
        }
        return out;
    }

    /** Every pattern the agent will hold, active or pending. */
    List<ScopePattern> all() {
        List<ScopePattern> mine = new ArrayList<>(active);
        mine.addAll(pending);
        return mine;
    }

    /** Whether the agent held {@code p} before this heartbeat. */
    boolean heldBefore(ScopePattern p) {
        return prevActive.contains(p) || prevPending.contains(p);
    }

    private static List<ScopePattern> dedupe(List<ScopePattern> in) {
        List<ScopePattern> out = new ArrayList<>();
        for (ScopePattern p : in) {
            if (!out.contains(p)) {
                out.add(p);
            }
        }
        return out;
    }

    /** Patterns read from the record; one that no longer parses (edited by hand) is left out of the checks. */
    static List<ScopePattern> stored(List<String> texts) {
        List<ScopePattern> out = new ArrayList<>();
        for (String t : texts) {
            ScopePattern p = parseStored(t);
            if (p != null && !out.contains(p)) {
                out.add(p);
            }
        }
        return out;
    }

    static ScopePattern parseStored(String text) {
        try {
            return ScopePattern.parse(text);
        } catch (RuntimeException e) {
            return null;
        }
    }
}

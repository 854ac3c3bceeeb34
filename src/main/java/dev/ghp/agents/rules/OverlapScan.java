package dev.ghp.agents.rules;

import dev.ghp.agents.model.AgentRecord;
import dev.ghp.agents.rules.scope.PatternOverlap;
import dev.ghp.agents.rules.scope.ScopePattern;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Where a requested scope meets the other agents' scopes, sorted by what the rules do with it.
 *
 * @param live  new overlaps with live agents, by holder: refused, a human decides
 * @param stale the stale holders' overlapping patterns, by holder: taken over
 * @param held  overlaps of patterns this agent held already ("a ∩ b"), by holder: warned about,
 *              never refused (as for an issue held before)
 */
record OverlapScan(Map<String, List<Overlap>> live, Map<String, List<String>> stale, Map<String, Set<String>> held) {

    static OverlapScan scan(Map<String, AgentRecord> others, ScopeSplit scope, StaleDetector detector, Instant now) {
        Map<String, List<Overlap>> live = new TreeMap<>();
        Map<String, List<String>> stale = new TreeMap<>();
        Map<String, Set<String>> held = new TreeMap<>();
        List<ScopePattern> mine = scope.all();
        for (Map.Entry<String, AgentRecord> o : others.entrySet()) {
            AgentRecord r = o.getValue();
            if (r.isDone()) {
                continue;
            }
            String holder = o.getKey();
            boolean isStale = detector.view(holder, r, now).stale();
            List<String> theirs = new ArrayList<>(r.files());
            theirs.addAll(r.pendingFiles());
            for (String t : theirs) {
                ScopePattern tp = ScopeSplit.parseStored(t);
                if (tp == null) {
                    continue;
                }
                for (ScopePattern m : mine) {
                    Optional<String> example = PatternOverlap.example(m, tp);
                    if (example.isEmpty()) {
                        continue;
                    }
                    if (isStale) {
                        List<String> taken = stale.computeIfAbsent(holder, k -> new ArrayList<>());
                        if (!taken.contains(t)) {
                            taken.add(t);
                        }
                    } else if (scope.heldBefore(m)) {
                        held.computeIfAbsent(holder, k -> new TreeSet<>()).add(m.text() + " ∩ " + t);
                    } else {
                        live.computeIfAbsent(holder, k -> new ArrayList<>()).add(new Overlap(m.text(), t, example.get()));
                    }
                }
            }
        }
        return new OverlapScan(live, stale, held);
    }
}

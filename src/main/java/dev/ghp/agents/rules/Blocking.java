package dev.ghp.agents.rules;

import dev.ghp.agents.model.AgentRecord;
import dev.ghp.agents.model.Escalation;
import dev.ghp.agents.model.AgentStatus;
import dev.ghp.agents.model.StatusDocument;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Who waits on whom (docs/design.md#reading-staleness-and-authority): a blocked agent's {@code blockedOn} is an agent's name, an issue
 * ({@code #150}, meaning whoever holds it) or an escalation id (a human's answer). This says what became of each blocker and finds cycles,
 * where agents wait on each other and none can move.
 */
public final class Blocking {
    private Blocking() {
    }

    /** What a blocked agent waits on, as it stands now. */
    public enum State {
        /** The blocker is working on it. */
        ACTIVE("working"),
        /** The blocker is itself blocked or waiting. */
        BLOCKED("blocked too"),
        DONE("done"),
        STALE("stale"),
        /** The agent waited on has no entry any more. */
        SIGNED_OFF("signed off"),
        /** No agent holds the issue waited on. */
        UNCLAIMED("nobody on it"),
        /** The escalation waited on is open: a human has yet to answer. */
        AWAITING_HUMAN("open, a human decides"),
        /** The escalation waited on was resolved. */
        RESOLVED("resolved"),
        /** No escalation has the id waited on (pruned, or never there). */
        NO_SUCH_ESCALATION("no such escalation");

        private final String text;

        State(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }

        /** Whether the wait is probably over or hopeless, so the blocked agent (or a human) should look. */
        public boolean needsLook() {
            return this != ACTIVE && this != BLOCKED && this != AWAITING_HUMAN;
        }
    }

    /** @param agents the agents that are the blocker (the holders of an issue, or the one agent named) */
    public record Blocker(String ref, State state, List<String> agents) {
    }

    /**
     * The blocker of every blocked agent that says what it waits on, by agent name.
     *
     * @param escalation the escalation of an id, open or resolved, or empty when there is none
     */
    public static Map<String, Blocker> blockers(StatusDocument doc, StaleDetector detector, Instant now,
                                                Function<String, Optional<Escalation>> escalation) {
        Map<String, Blocker> out = new TreeMap<>();
        for (Map.Entry<String, AgentRecord> e : doc.agents().entrySet()) {
            AgentRecord r = e.getValue();
            if (!isBlocked(r)) {
                continue;
            }
            if (Escalation.isValidId(r.blockedOn())) {
                State state = escalation.apply(r.blockedOn())
                        .map(x -> x.isOpen() ? State.AWAITING_HUMAN : State.RESOLVED).orElse(State.NO_SUCH_ESCALATION);
                out.put(e.getKey(), new Blocker(r.blockedOn(), state, List.of()));
                continue;
            }
            List<String> targets = targets(doc, e.getKey(), r.blockedOn());
            State state;
            if (targets.isEmpty()) {
                state = r.blockedOn().startsWith("#") ? State.UNCLAIMED : State.SIGNED_OFF;
                if (r.blockedOn().startsWith("#") && doneOn(doc, r.blockedOn())) {
                    state = State.DONE;
                }
            } else {
                state = worst(doc, targets, detector, now);
            }
            out.put(e.getKey(), new Blocker(r.blockedOn(), state, targets));
        }
        return out;
    }

    /** Each cycle of waiting agents once, its members in the order they wait on each other. */
    public static List<List<String>> cycles(StatusDocument doc) {
        Map<String, List<String>> edges = new TreeMap<>();
        for (Map.Entry<String, AgentRecord> e : doc.agents().entrySet()) {
            if (isBlocked(e.getValue())) {
                edges.put(e.getKey(), targets(doc, e.getKey(), e.getValue().blockedOn()));
            }
        }
        List<List<String>> out = new ArrayList<>();
        TreeSet<String> seen = new TreeSet<>();
        for (String start : edges.keySet()) {
            // Each blocked agent has one blocker reference; follow the first target of each, which
            // finds every cycle of a functional graph, then check the alternatives for issue refs.
            for (List<String> cycle : cyclesFrom(start, edges)) {
                String key = String.join("|", new TreeSet<>(cycle));
                if (seen.add(key)) {
                    out.add(cycle);
                }
            }
        }
        return out;
    }

    /** Cycles through {@code start}, found by depth-first search over the waits-on edges. */
    private static List<List<String>> cyclesFrom(String start, Map<String, List<String>> edges) {
        List<List<String>> found = new ArrayList<>();
        dfs(start, start, edges, new ArrayList<>(), found);
        return found;
    }

    private static void dfs(String start, String node, Map<String, List<String>> edges, List<String> path,
                            List<List<String>> found) {
        path.add(node);
        for (String next : edges.getOrDefault(node, List.of())) {
            if (next.equals(start)) {
                found.add(rotateToSmallest(path));
            } else if (!path.contains(next) && next.compareTo(start) > 0 && edges.containsKey(next)) {
                dfs(start, next, edges, path, found);
            }
        }
        path.remove(path.size() - 1);
    }

    private static List<String> rotateToSmallest(List<String> cycle) {
        int min = 0;
        for (int i = 1; i < cycle.size(); i++) {
            if (cycle.get(i).compareTo(cycle.get(min)) < 0) {
                min = i;
            }
        }
        List<String> out = new ArrayList<>(cycle.subList(min, cycle.size()));
        out.addAll(cycle.subList(0, min));
        return out;
    }

    /** "worker-1 waits on worker-2, worker-2 waits on #147 (held by worker-1)". */
    public static String describeCycle(StatusDocument doc, List<String> cycle) {
        List<String> parts = new ArrayList<>();
        for (String a : cycle) {
            AgentRecord r = doc.agents().get(a);
            String ref = r == null ? "?" : r.blockedOn();
            if (ref.startsWith("#")) {
                List<String> holders = targets(doc, a, ref);
                if (!holders.isEmpty()) {
                    ref += " (held by " + String.join(", ", holders) + ")";
                }
            }
            parts.add(a + " waits on " + ref);
        }
        return String.join(", ", parts);
    }

    public static String subject(List<String> cycle) {
        return "cycle:" + String.join("|", new TreeSet<>(cycle));
    }

    private static boolean isBlocked(AgentRecord r) {
        return AgentStatus.BLOCKED.wire().equals(r.status()) && r.blockedOn() != null;
    }

    /** The agents a reference points at: the named agent, or every agent not done holding the issue. */
    private static List<String> targets(StatusDocument doc, String self, String ref) {
        List<String> out = new ArrayList<>();
        if (ref.startsWith("#")) {
            int issue = Integer.parseInt(ref.substring(1));
            doc.agents().forEach((name, r) -> {
                if (r.issue() != null && r.issue() == issue && !r.isDone() && !name.equals(self)) {
                    out.add(name);
                }
            });
        } else if (doc.agents().containsKey(ref)) {
            out.add(ref);
        }
        return out;
    }

    private static boolean doneOn(StatusDocument doc, String ref) {
        int issue = Integer.parseInt(ref.substring(1));
        return doc.agents().values().stream().anyMatch(r -> r.issue() != null && r.issue() == issue && r.isDone());
    }

    private static State worst(StatusDocument doc, List<String> targets, StaleDetector detector, Instant now) {
        State result = null;
        for (String t : targets) {
            AgentRecord r = doc.agents().get(t);
            State s;
            if (r.isDone()) {
                s = State.DONE;
            } else if (detector.view(t, r, now).stale()) {
                s = State.STALE;
            } else if (r.knownStatus().orElse(null) == AgentStatus.BLOCKED || r.knownStatus().orElse(null) == AgentStatus.WAITING) {
                s = State.BLOCKED;
            } else {
                s = State.ACTIVE;
            }
            // An issue held by several: the wait is over only when all are done; report what matters most.
            if (result == null || s == State.ACTIVE || (s == State.BLOCKED && result != State.ACTIVE)
                    || (s == State.STALE && result == State.DONE)) {
                result = s;
            }
        }
        return result;
    }
}

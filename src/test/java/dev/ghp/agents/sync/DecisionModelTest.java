package dev.ghp.agents.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.errors.GhpException;
import dev.ghp.agents.handoff.Transfer;
import dev.ghp.agents.merge.FileContent;
import dev.ghp.agents.merge.RecordTree;
import dev.ghp.agents.model.AgentDecision;
import dev.ghp.agents.model.AgentRecord;
import dev.ghp.agents.model.AgentStatus;
import dev.ghp.agents.model.Escalation;
import dev.ghp.agents.model.EscalationCodec;
import dev.ghp.agents.model.StatusCodec;
import dev.ghp.agents.model.StatusDocument;
import dev.ghp.agents.model.StorePaths;
import dev.ghp.agents.rules.Approvals;
import dev.ghp.agents.rules.Awards;
import dev.ghp.agents.rules.Claims;
import dev.ghp.agents.rules.DecisionEffects;
import dev.ghp.agents.rules.Heartbeat;
import dev.ghp.agents.rules.StaleDetector;
import dev.ghp.agents.rules.StaleRelease;
import dev.ghp.agents.rules.TakeoverDecisions;
import dev.ghp.agents.rules.Unblocking;
import dev.ghp.agents.rules.scope.ScopePattern;
import dev.ghp.agents.store.Change;
import dev.ghp.agents.store.DecisionFiles;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A model-based test of decisions across clones (#21): random schedules of the agents' own writes
 * (heartbeats with claims, approval requests, waits on questions, sign-offs, messages) and of
 * decisions about them (approvals and denials, handoffs, assignments, awards, stale releases,
 * take-overs by another agent's heartbeat, lifts of a wait by an answer), made with the real rule
 * code on in-memory trees of 2 to 5 clones, synced through a remote and with each other in random
 * orders with the real merge. After a final round of syncs every clone holds the same tree, and no
 * decision is lost: each is carried out on its agent's final record ({@code decided}), superseded
 * by a later one about the same subject, or its agent signed off; and the last decision about an
 * agent that no write of the agent saw is in effect (carrying it out again changes nothing).
 *
 * <p>Seeded: {@code -Dghp.model.seed=N} replays one schedule, {@code -Dghp.model.runs=N} runs more,
 * from {@code -Dghp.model.from=N} (src/bench/model-run.sh).
 */
class DecisionModelTest {
    private static final String[] AGENTS = {"w1", "w2", "w3", "w4", "w5"};
    private static final String[] FILES = {"src/a/**", "src/b/**", "src/c/**", "docs/**"};
    private static final Duration STALE_AFTER = Duration.ofSeconds(40);

    @Test
    void decisionsSurviveEveryScheduleOfWritesAndSyncs() {
        long first = Long.getLong("ghp.model.seed", Long.getLong("ghp.model.from", 1));
        int runs = Long.getLong("ghp.model.seed") != null ? 1 : Integer.getInteger("ghp.model.runs", 150);
        int decisions = 0;
        int superseded = 0;
        int replayed = 0;
        Map<String, Integer> kinds = new TreeMap<>();
        for (long seed = first; seed < first + runs; seed++) {
            Model m = new Model(seed);
            m.run();
            String replay = "seed " + seed + " (replay with -Dghp.model.seed=" + seed + ")";
            RecordTree result = m.sim.tree(0);
            for (int c = 1; c < m.sim.clones(); c++) {
                assertThat(m.sim.tree(c).sameAs(result)).as("%s: clone %d holds the same tree as clone 0%n%s", replay, c,
                        m.trace()).isTrue();
            }
            assertThat(m.lost(result)).as("%s: decisions lost%n%s", replay, m.trace()).isEmpty();
            decisions += m.decisions.size();
            m.decisions.values().forEach(d -> kinds.merge(d.kind(), 1, Integer::sum));
            superseded += m.superseded;
            replayed += m.replayedCount();
        }
        System.out.printf("decision model: %d schedules, %d decisions (%d records changed by a merge carrying decisions out again, %d superseded),"
                + " 0 lost; by kind %s%n", runs, decisions, replayed, superseded, kinds);
        if (runs >= 50) {
            assertThat(replayed).as("the schedules include decisions a merge had to carry out again").isPositive();
        }
    }

    /** One schedule: the simulated clones, and what the oracle needs to know of every write. */
    private static final class Model {
        final long seed;
        final Random random;
        final MergeSimulation sim;
        final StaleDetector detector = new StaleDetector(STALE_AFTER);
        final List<String> log = new ArrayList<>();
        /** Every decision written, by id. */
        final Map<String, AgentDecision> decisions = new TreeMap<>();
        /** The decisions an own write (heartbeat, sign-off) of their agent was made knowing. */
        final Set<String> seenByAgent = new HashSet<>();
        /** Per agent, the commits that signed it off. */
        final Map<String, List<Integer>> signOffs = new HashMap<>();
        /** Per decision, the commit that wrote it. */
        final Map<String, Integer> writtenIn = new HashMap<>();
        int superseded;
        int ids;

        Model(long seed) {
            this.seed = seed;
            this.random = new Random(seed);
            this.sim = new MergeSimulation(2 + random.nextInt(4), STALE_AFTER);
        }

        void run() {
            int steps = 30 + random.nextInt(50);
            for (int step = 0; step < steps; step++) {
                int c = random.nextInt(sim.clones());
                String agent = AGENTS[random.nextInt(AGENTS.length)];
                int what = random.nextInt(100);
                if (what < 17) {
                    // An agent works on its home clone mostly: decisions made elsewhere meet its own writes in merges.
                    heartbeat(random.nextInt(5) == 0 ? c : home(agent), agent);
                } else if (what < 20) {
                    takeOver(c, agent);
                } else if (what < 23) {
                    blockOnQuestion(random.nextInt(5) == 0 ? c : home(agent), agent);
                } else if (what < 27) {
                    answerQuestion(c);
                } else if (what < 31) {
                    requestApproval(c, agent);
                } else if (what < 38) {
                    answerApproval(c);
                } else if (what < 43) {
                    handoff(c, agent, AGENTS[random.nextInt(AGENTS.length)]);
                } else if (what < 49) {
                    assign(c, agent);
                } else if (what < 53) {
                    award(c);
                } else if (what < 57) {
                    staleRelease(c);
                } else if (what < 60) {
                    message(c, agent);
                } else if (what < 64) {
                    signOff(c, agent);
                } else if (what < 70) {
                    sim.fetch(c);
                    log.add("c" + c + " fetch");
                } else if (what < 88) {
                    sim.mergeAndPush(c);
                    log.add("c" + c + " merge and push -> " + sim.tip(c));
                } else {
                    int from = random.nextInt(sim.clones());
                    sim.peerMerge(c, from);
                    log.add("c" + c + " merge of c" + from + " -> " + sim.tip(c));
                }
                if (random.nextInt(4) == 0) {
                    sim.tick(); // time passes: agents go stale
                    sim.tick();
                    sim.tick();
                    sim.tick();
                    sim.tick();
                }
            }
            sim.quiesce();
        }

        private int home(String agent) {
            return java.util.Arrays.asList(AGENTS).indexOf(agent) % sim.clones();
        }

        String trace() {
            return String.join("\n", log);
        }

        private String id(String prefix) {
            return String.format("%s-%04x%04x", prefix, seed & 0xffff, ids++);
        }

        private StatusDocument status(int c) {
            return sim.status(c);
        }

        /** The write on clone {@code c}: the change's edits on its tree, one commit. */
        private void commit(int c, Change change, Instant now) {
            RecordTree tree = sim.tree(c);
            for (Map.Entry<String, Optional<byte[]>> e : change.edits().entrySet()) {
                tree = e.getValue().isPresent() ? tree.with(e.getKey(), FileContent.of(e.getValue().get()))
                        : tree.without(e.getKey());
            }
            sim.write(c, tree, now);
        }

        private void note(int c, String agent) {
            sim.tree(c).files().keySet().stream().filter(p -> p.startsWith(StorePaths.DECISIONS + "/"))
                    .map(p -> p.substring(StorePaths.DECISIONS.length() + 1, p.length() - 5))
                    .filter(id -> decisions.containsKey(id) && decisions.get(id).agent().equals(agent))
                    .forEach(seenByAgent::add);
        }

        /** Writes the decisions with the record they changed, as the commands do (store/DecisionFiles). */
        private void decide(int c, StatusDocument after, List<Escalation> escalations, List<AgentDecision> made,
                            Instant now, String what) {
            Change change = Change.of(what, "model");
            escalations.forEach(e -> change.put(e.path(), EscalationCodec.write(e)));
            change.putStatus(DecisionFiles.record(change, after, made));
            commit(c, change, now);
            made.forEach(d -> decisions.put(d.id(), d));
            made.forEach(d -> writtenIn.put(d.id(), sim.tip(c)));
            log.add("c" + c + " " + what + " " + made.stream().map(d -> d.id() + " " + d.kind() + " " + d.agent()
                    + " " + d.effect()).toList() + " -> " + sim.tip(c));
        }

        void heartbeat(int c, String agent) {
            Instant now = sim.tick();
            AgentRecord prev = status(c).agents().get(agent);
            Integer issue = random.nextInt(4) == 0 ? Integer.valueOf(1 + random.nextInt(6)) : null;
            // Half the heartbeats keep the status (a hook's): a blocked agent stays blocked until lifted.
            AgentStatus status = random.nextBoolean() ? AgentStatus.IMPLEMENTING : null;
            AgentRecord next = new Heartbeat(issue, status, "at " + now, null, null, null, null).applyTo(prev, now);
            if (random.nextInt(3) == 0) {
                next = next.toBuilder().files(List.of(FILES[random.nextInt(FILES.length)])).build();
            }
            note(c, agent);
            commit(c, Change.of("heartbeat", agent).putStatus(status(c).withAgent(agent, next)), now);
            log.add("c" + c + " heartbeat " + agent + " #" + next.issue() + " " + next.files() + " pending "
                    + next.pendingFiles() + " -> " + sim.tip(c));
        }

        /**
         * {@code taker} heartbeats for an issue someone else holds, with the real rules: taken from a
         * stale holder, or with {@code --force} from a live one (store/TakeoverDecisions).
         */
        void takeOver(int c, String taker) {
            StatusDocument doc = status(c);
            List<Integer> held = doc.agents().entrySet().stream().filter(e -> !e.getKey().equals(taker))
                    .map(e -> e.getValue().issue()).filter(java.util.Objects::nonNull).toList();
            if (held.isEmpty()) {
                return;
            }
            Instant now = sim.tick();
            int issue = held.get(random.nextInt(held.size()));
            AgentRecord prev = doc.agents().get(taker);
            AgentRecord next = new Heartbeat(issue, null, "taking #" + issue, null, null, null, null).applyTo(prev, now);
            List<ScopePattern> files = random.nextBoolean() ? null
                    : List.of(ScopePattern.parse(FILES[random.nextInt(FILES.length)]));
            Claims.Outcome o = Claims.evaluate(doc, List::of, new Claims.Request(taker, prev, next, files, true),
                    new Claims.Settings(detector, List.of(), now), () -> id("esc"));
            if (!(o instanceof Claims.Granted g)) {
                return; // a live holder's files: a human decides
            }
            note(c, taker);
            decide(c, g.doc(), g.escalations(), TakeoverDecisions.of(doc, g.doc(), taker, now, () -> id("dec")), now,
                    taker + " takes #" + issue + " over");
        }

        /** {@code agent} asks a question and waits on it ({@code --blocked-on esc-ID}), in its own write. */
        void blockOnQuestion(int c, String agent) {
            AgentRecord prev = status(c).agents().get(agent);
            if (prev == null) {
                return;
            }
            Instant now = sim.tick();
            Escalation e = Escalation.open(id("esc"), Escalation.Kind.QUESTION, "which way?", prev.issue(), agent, now);
            AgentRecord next = new Heartbeat(null, null, "waiting", e.id(), null, null, null).applyTo(prev, now);
            note(c, agent);
            Change change = Change.of("blocked", agent).putStatus(status(c).withAgent(agent, next));
            change.put(e.path(), EscalationCodec.write(e));
            commit(c, change, now);
            log.add("c" + c + " " + agent + " blocked on " + e.id() + " -> " + sim.tip(c));
        }

        /** A human answers a question; the agents waiting on it are lifted (rules/Unblocking), as agent-escalate does. */
        void answerQuestion(int c) {
            List<Escalation> open = new ArrayList<>();
            sim.tree(c).files().forEach((path, f) -> {
                if (path.startsWith(StorePaths.ESCALATIONS + "/")) {
                    Escalation e = parse(f);
                    if (e != null && e.isOpen() && e.isKind(Escalation.Kind.QUESTION)) {
                        open.add(e);
                    }
                }
            });
            if (open.isEmpty()) {
                return;
            }
            Instant now = sim.tick();
            Escalation resolved = open.get(random.nextInt(open.size())).resolved("this way", null, "human", now);
            Unblocking.Result r = Unblocking.apply(status(c), resolved, "human", now);
            decide(c, r.doc(), List.of(resolved), r.decisions(), now, "answer " + resolved.id());
        }

        void requestApproval(int c, String agent) {
            AgentRecord prev = status(c).agents().get(agent);
            if (prev == null) {
                return;
            }
            Instant now = sim.tick();
            String shared = "/shared-" + random.nextInt(3) + ".xml";
            List<String> pending = new ArrayList<>(prev.pendingFiles());
            if (!pending.contains(shared)) {
                pending.add(shared);
            }
            AgentRecord next = prev.toBuilder().pendingFiles(pending).timestamp(now).build();
            Escalation e = Escalation.open(id("esc"), Escalation.Kind.APPROVAL, "may I", next.issue(), agent, now)
                    .withRuleFields(null, List.of(), List.of(shared));
            note(c, agent);
            Change change = Change.of("approval request", agent).putStatus(status(c).withAgent(agent, next));
            change.put(e.path(), EscalationCodec.write(e));
            commit(c, change, now);
            log.add("c" + c + " " + agent + " asks for " + shared + " in " + e.id() + " -> " + sim.tip(c));
        }

        void answerApproval(int c) {
            List<Escalation> open = new ArrayList<>();
            sim.tree(c).files().forEach((path, f) -> {
                if (path.startsWith(StorePaths.ESCALATIONS + "/")) {
                    Escalation e = parse(f);
                    if (e != null && e.isOpen() && e.isKind(Escalation.Kind.APPROVAL)) {
                        open.add(e);
                    }
                }
            });
            if (open.isEmpty()) {
                return;
            }
            Escalation e = open.get(random.nextInt(open.size()));
            Instant now = sim.tick();
            boolean approve = random.nextBoolean();
            Approvals.Result r;
            try {
                r = Approvals.apply(status(c), e, approve, detector, now);
            } catch (GhpException refused) {
                return; // an overlap: the human cannot approve it
            }
            Escalation resolved = e.resolved(approve ? "yes" : "no", approve ? Escalation.APPROVED : Escalation.DENIED,
                    "human", now);
            List<AgentDecision> made = r.moved().isEmpty() ? List.of() : List.of(AgentDecision.of(id("dec"),
                    approve ? AgentDecision.Kind.APPROVE : AgentDecision.Kind.DENY, e.agent(), "human", now,
                    AgentDecision.aboutEscalation(e.id()), AgentDecision.Effect.answered(r.approved(), r.denied()),
                    e.id(), null, null));
            decide(c, r.doc(), List.of(resolved), made, now, (approve ? "approve " : "deny ") + e.id());
        }

        void handoff(int c, String from, String to) {
            AgentRecord source = status(c).agents().get(from);
            if (source == null || source.issue() == null || from.equals(to)) {
                return;
            }
            Instant now = sim.tick();
            Transfer t = new Transfer(from, to, source.issue(), now, StorePaths.HANDOFFS + "/" + id("h") + ".md", detector);
            StatusDocument after;
            List<AgentDecision> made;
            try {
                after = t.apply(status(c));
                made = t.decisions(status(c), from, () -> id("dec"));
            } catch (GhpException refused) {
                return;
            }
            note(c, from);
            decide(c, after, List.of(), made, now, "handoff " + from + " to " + to);
        }

        void assign(int c, String worker) {
            Instant now = sim.tick();
            int issue = 1 + random.nextInt(6);
            StatusDocument doc = status(c);
            List<AgentDecision> made = new ArrayList<>();
            List<String> scope = random.nextBoolean() ? List.of(FILES[random.nextInt(FILES.length)]) : null;
            AgentDecision given = AgentDecision.of(id("dec"), AgentDecision.Kind.ASSIGN, worker, "lead", now,
                    AgentDecision.SUBJECT_WORK, AgentDecision.Effect.work(issue, scope, scope == null ? null : List.of()),
                    null, null, null);
            StatusDocument after = doc.withAgent(worker, DecisionEffects.apply(doc.agents().get(worker), given));
            made.add(given);
            for (Map.Entry<String, AgentRecord> e : doc.agents().entrySet()) {
                if (!e.getKey().equals(worker) && Integer.valueOf(issue).equals(e.getValue().issue())) {
                    AgentDecision lost = AgentDecision.of(id("dec"), AgentDecision.Kind.RELEASE, e.getKey(), "lead", now,
                            null, AgentDecision.Effect.released(issue, List.of(), null), null, null, worker);
                    after = after.withAgent(e.getKey(), DecisionEffects.apply(after.agents().get(e.getKey()), lost));
                    made.add(lost);
                }
            }
            decide(c, after, List.of(), made, now, "assign #" + issue + " to " + worker);
        }

        void award(int c) {
            List<String> present = new ArrayList<>(status(c).agents().keySet());
            if (present.size() < 2) {
                return;
            }
            String winner = present.remove(random.nextInt(present.size()));
            String loser = present.get(random.nextInt(present.size()));
            Instant now = sim.tick();
            AgentRecord lr = status(c).agents().get(loser);
            Escalation conflict = Escalation.open(id("esc"), Escalation.Kind.CONFLICT, "both", lr.issue(), loser, now)
                    .withRuleFields(null, List.of(winner), List.of());
            Awards.Result r = Awards.apply(status(c), conflict, winner, "human", now);
            if (r.lostIssue() == null && r.lostFiles().isEmpty()) {
                return;
            }
            AgentDecision made = AgentDecision.of(id("dec"), AgentDecision.Kind.AWARD, loser, "human", now,
                    AgentDecision.aboutEscalation(conflict.id()), AgentDecision.Effect.released(r.lostIssue(), r.lostFiles(), null),
                    conflict.id(), null, winner);
            decide(c, r.doc(), List.of(conflict.resolved("awarded", null, "human", now)), List.of(made), now,
                    "award to " + winner);
        }

        void staleRelease(int c) {
            Instant now = sim.tick();
            StaleRelease.Result r = StaleRelease.apply(status(c), detector, now, () -> id("esc"), () -> id("dec"));
            if (r.changed()) {
                decide(c, r.doc(), r.escalations(), r.decisions(), now, "release stale " + r.released());
            }
        }

        void message(int c, String to) {
            Instant now = sim.tick();
            String path = StorePaths.INBOX + "/" + to + "/" + id("msg") + ".json";
            sim.write(c, sim.tree(c).with(path, "{\"text\": \"hello\"}\n"), now);
            log.add("c" + c + " message to " + to);
        }

        void signOff(int c, String agent) {
            if (!status(c).agents().containsKey(agent)) {
                return;
            }
            Instant now = sim.tick();
            note(c, agent);
            commit(c, Change.of("sign off", agent).putStatus(status(c).withoutAgent(agent)), now);
            signOffs.computeIfAbsent(agent, a -> new ArrayList<>()).add(sim.tip(c));
            log.add("c" + c + " sign-off " + agent + " -> " + sim.tip(c));
        }

        /** The decisions of this schedule the final tree lost, described. */
        List<String> lost(RecordTree result) {
            List<String> lost = new ArrayList<>();
            StatusDocument doc = MergeSimulation.status(result);
            Map<String, AgentDecision> lastAbout = new HashMap<>();
            for (AgentDecision d : decisions.values()) {
                Optional<FileContent> f = result.get(d.path());
                if (f.isEmpty() || !f.get().equals(FileContent.of(AgentDecision.write(d)))) {
                    lost.add(d.id() + ": the file is " + (f.isEmpty() ? "missing" : "changed"));
                    continue;
                }
                lastAbout.merge(d.agent(), d, (a, b) -> AgentDecision.ORDER.compare(a, b) >= 0 ? a : b);
                AgentRecord r = doc.agents().get(d.agent());
                boolean signedOffSince = signedOffSince(d);
                if (supersededBy(d) != null) {
                    superseded++;
                } else if (r == null) {
                    if (signOffs.getOrDefault(d.agent(), List.of()).isEmpty()) {
                        lost.add(d.id() + ": " + d.agent() + " has no record and was never signed off");
                    }
                } else if (!signedOffSince && !AgentDecision.decided(r).contains(d.id())) {
                    lost.add(d.id() + " (" + d.kind() + " about " + d.agent() + ") is not carried out on " + r);
                }
            }
            for (AgentDecision d : lastAbout.values()) {
                AgentRecord r = doc.agents().get(d.agent());
                boolean signedOffSince = signedOffSince(d);
                if (r != null && !signedOffSince && !seenByAgent.contains(d.id()) && supersededBy(d) == null
                        && !DecisionEffects.apply(r, d).equals(r)) {
                    lost.add(d.id() + " (" + d.kind() + " about " + d.agent() + ", the last one, no write of the agent saw it)"
                            + " is not in effect: " + r + " becomes " + DecisionEffects.apply(r, d));
                }
            }
            lost.addAll(takeoversAndLiftsUndone(doc));
            return lost;
        }

        /**
         * Checked apart from {@link DecisionEffects} (which the check above also uses to carry out):
         * a take-over or a lift no write of its agent saw, and no later decision about the agent
         * overrides, has its effect in the final record: the issue taken is not held, the patterns
         * taken are not claimed, the wait lifted is not waited on.
         */
        private List<String> takeoversAndLiftsUndone(StatusDocument doc) {
            List<String> undone = new ArrayList<>();
            for (AgentDecision d : decisions.values()) {
                AgentRecord r = doc.agents().get(d.agent());
                if (r == null || seenByAgent.contains(d.id()) || signedOffSince(d) || supersededBy(d) != null) {
                    continue;
                }
                DecisionEffects.Touched later = DecisionEffects.Touched.NOTHING;
                for (AgentDecision o : decisions.values()) {
                    if (o.agent().equals(d.agent()) && AgentDecision.ORDER.compare(o, d) > 0) {
                        later = later.plus(DecisionEffects.Touched.by(o.effect()));
                    }
                }
                AgentDecision.Effect e = d.effect();
                if (d.kind().equals(AgentDecision.Kind.TAKEOVER.wire())) {
                    if (!later.issue() && e.releaseIssue() != null && e.releaseIssue().equals(r.issue())) {
                        undone.add(d.id() + ": " + d.agent() + " still holds #" + r.issue() + " taken over by " + d.by());
                    }
                    for (String p : e.drop()) {
                        if (!later.allPatterns() && !later.patterns().contains(p)
                                && (r.files().contains(p) || r.pendingFiles().contains(p))) {
                            undone.add(d.id() + ": " + d.agent() + " still claims " + p + " taken over by " + d.by());
                        }
                    }
                } else if (d.kind().equals(AgentDecision.Kind.UNBLOCK.wire()) && e.unblock().equals(r.blockedOn())) {
                    undone.add(d.id() + ": " + d.agent() + " still waits on " + e.unblock() + ", which was answered");
                }
            }
            return undone;
        }

        /** A sign-off of the agent the decision was not made knowing (later, or on another line of history). */
        private boolean signedOffSince(AgentDecision d) {
            return signOffs.getOrDefault(d.agent(), List.of()).stream()
                    .anyMatch(commit -> !sim.history.isAncestor(commit, writtenIn.get(d.id())));
        }

        private AgentDecision supersededBy(AgentDecision d) {
            return decisions.values().stream()
                    .filter(o -> o.agent().equals(d.agent()) && o.subject().equals(d.subject())
                            && AgentDecision.ORDER.compare(o, d) > 0)
                    .findFirst().orElse(null);
        }

        /** How many merges carried decisions out again: an agent's merged record is neither parent's. */
        int replayedCount() {
            int n = 0;
            for (int commit = 0; commit < sim.history.size(); commit++) {
                MemoryHistory.Commit c = sim.history.get(commit);
                if (c.parents().size() < 2) {
                    continue;
                }
                List<StatusDocument> parents = c.parents().stream()
                        .map(p -> MergeSimulation.status(sim.history.tree(p))).toList();
                for (Map.Entry<String, AgentRecord> e : MergeSimulation.status(c.tree()).agents().entrySet()) {
                    if (parents.stream().noneMatch(p -> e.getValue().equals(p.agents().get(e.getKey())))) {
                        n++;
                    }
                }
            }
            return n;
        }

        private static Escalation parse(FileContent f) {
            try {
                return EscalationCodec.parse(f.bytes());
            } catch (StatusCodec.FormatException e) {
                return null;
            }
        }
    }
}

package dev.ghp.agents.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghp.agents.errors.ExitCode;
import dev.ghp.agents.errors.StateException;
import dev.ghp.agents.errors.UsageException;
import dev.ghp.agents.model.Escalation;
import dev.ghp.agents.model.EscalationCodec;
import dev.ghp.agents.model.StatusDocument;
import dev.ghp.agents.render.EscalationList;
import dev.ghp.agents.rules.Blocking;
import dev.ghp.agents.rules.Claims;
import dev.ghp.agents.rules.Printable;
import dev.ghp.agents.rules.StaleRelease;
import dev.ghp.agents.store.Change;
import dev.ghp.agents.store.EscalationFiles;
import dev.ghp.agents.store.Snapshot;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.model.StatusCodec;
import dev.ghp.agents.render.StatusTable;
import dev.ghp.agents.render.Style;
import dev.ghp.agents.rules.AgentView;
import dev.ghp.agents.rules.Durations;
import dev.ghp.agents.rules.HeartbeatInput;
import dev.ghp.agents.rules.StaleDetector;
import dev.ghp.agents.store.CoordinationStore;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Objects;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ghp agent-status}: every agent at once, what needs attention first, stale ones marked. */
@Command(name = "agent-status",
        description = {
            "Show every agent: issue, status, last action and when it was last seen.",
            "Agents silent for longer than the stale limit are marked STALE and listed first;",
            "open escalations are listed under the agents."},
        footer = {"", "The stale limit is --stale-after, else GHP_STALE_AFTER, else agents.staleAfter in",
            ".ghp/config.json, else 10m.",
            "", "Examples:",
            "  ghp agent-status",
            "  ghp agent-status --check --stale-after 30m   # in CI: exit 4 when an agent went silent",
            "                                               # or an escalation waits for a human",
            "  ghp agent-status --json | jq '.agents | keys'",
            "  ghp agent-status --watch 5",
            "", "Exit codes:", ExitCode.HELP_TABLE})
public final class StatusCommand extends BaseCommand {

    @Option(names = "--stale-after", paramLabel = "DURATION", description = "Stale limit, e.g. 90s, 10m, 1h.")
    String staleAfter;

    @Option(names = "--check", description = "Exit 4 when any agent shown is stale or any escalation is open.")
    boolean check;

    @Option(names = "--agent", paramLabel = "NAME", description = "Show only this agent.")
    String agentFilter;

    @Option(names = "--issue", paramLabel = "N", description = "Show only agents on this issue.")
    String issueFilter;

    @Option(names = "--watch", paramLabel = "SECONDS", arity = "0..1", fallbackValue = "2",
            description = "Redraw every SECONDS (default 2) until interrupted.")
    Integer watch;

    public StatusCommand(Io io, Environment env) {
        super(io, env);
    }

    @Override
    protected int run() {
        Integer issue = HeartbeatInput.issue(issueFilter, "--issue");
        if (agentFilter != null) {
            HeartbeatInput.agentName(agentFilter, "--agent");
        }
        if (watch != null && (watch < 1 || watch > 3600)) {
            throw new UsageException("--watch takes 1 to 3600 seconds, got " + watch);
        }
        if (watch != null && json) {
            throw new UsageException("--watch redraws a table; it does not go with --json");
        }
        if (watch != null && check) {
            throw new UsageException("--check answers once with its exit code; it does not go with --watch");
        }
        StaleDetector detector = new StaleDetector(staleLimit(staleAfter));
        CoordinationStore store = store();
        if (watch != null) {
            return watchLoop(store, detector, issue);
        }
        Instant now = env.clock().instant();
        Pass pass = statusPass(store, detector, now, issue);
        if (json) {
            io.out().print(Json.pretty(toJson(pass, detector, now)));
        } else {
            io.out().print(renderText(pass, detector, now, issue));
        }
        boolean attention = pass.views().stream().anyMatch(AgentView::stale) || !pass.escalations().isEmpty();
        return check && attention ? ExitCode.ATTENTION : ExitCode.OK;
    }

    /** What one status query shows: the agents, their blockers, cycles, and the open escalations. */
    private record Pass(StatusDocument doc, List<AgentView> all, List<AgentView> views, Map<String, Blocking.Blocker> blockers,
                        List<List<String>> cycles, List<Escalation> escalations) {
    }

    /**
     * The stale-detector pass (DESIGN §4): with {@code stalePolicy: "release"} it releases stale
     * agents' claims, and it opens a {@code blocked} escalation for a cycle of waiting agents that
     * has none. It writes only when there is something to write.
     */
    private Pass statusPass(CoordinationStore store, StaleDetector detector, Instant now, Integer issue) {
        boolean release = stalePolicyRelease();
        Snapshot snapshot = store.read();
        if (passWouldWrite(snapshot, detector, now, release)) {
            try {
                List<Escalation> opened = new ArrayList<>();
                store.update(fresh -> {
                    opened.clear();
                    StatusDocument doc = fresh.status();
                    List<Escalation> open = EscalationFiles.open(fresh);
                    Change c = Change.of("status pass", "ghp");
                    List<String> what = new ArrayList<>();
                    if (release) {
                        StaleRelease.Result r = StaleRelease.apply(doc, detector, now, Escalation::newId);
                        if (r.changed()) {
                            doc = r.doc();
                            c.putStatus(doc);
                            r.escalations().forEach(e -> EscalationFiles.put(c, e));
                            opened.addAll(r.escalations());
                            what.add("released stale " + String.join(", ", r.released()));
                        }
                    }
                    List<Escalation> cycles = Claims.cycleEscalations(doc, null, () -> open, now, Escalation::newId);
                    cycles.forEach(e -> EscalationFiles.put(c, e));
                    opened.addAll(cycles);
                    if (!cycles.isEmpty()) {
                        what.add("escalated a waiting cycle");
                    }
                    return what.isEmpty() ? null : Change.of("status pass: " + String.join("; ", what), "ghp")
                            .putAll(c);
                });
                EscalationMirroring mirroring = new EscalationMirroring(io, env, config(), repo(), store);
                if (!opened.isEmpty() && mirroring.enabledByConfig()) {
                    opened.forEach(e -> mirroring.mirror(e, true));
                }
                snapshot = store.read();
            } catch (StateException e) {
                io.err().println("ghp: warning: the status pass could not record its findings: " + e.getMessage());
            }
        }
        StatusDocument doc = snapshot.status();
        List<AgentView> all = detector.assess(doc, now);
        List<AgentView> views = filtered(all, issue);
        List<Escalation> open = EscalationFiles.open(snapshot).stream()
                .filter(e -> agentFilter == null || agentFilter.equals(e.agent()) || e.agents().contains(agentFilter))
                .filter(e -> issue == null || Objects.equals(e.issue(), issue))
                .toList();
        return new Pass(doc, all, views, Blocking.blockers(doc, detector, now), Blocking.cycles(doc), open);
    }

    private static boolean passWouldWrite(Snapshot s, StaleDetector detector, Instant now, boolean release) {
        StatusDocument doc = s.status();
        if (release && StaleRelease.apply(doc, detector, now, () -> "esc-00000000").changed()) {
            return true;
        }
        return !Blocking.cycles(doc).isEmpty()
                && !Claims.cycleEscalations(doc, null, () -> EscalationFiles.open(s), now, () -> "esc-00000000").isEmpty();
    }

    private boolean stalePolicyRelease() {
        String policy = config().text("stalePolicy").orElse(StaleRelease.ALERT);
        if (!policy.equals(StaleRelease.ALERT) && !policy.equals(StaleRelease.RELEASE)) {
            throw new UsageException("agents.stalePolicy in .ghp/config.json is '" + Printable.quote(policy)
                    + "'; it must be \"alert\" or \"release\"");
        }
        return policy.equals(StaleRelease.RELEASE);
    }

    private String renderText(Pass pass, StaleDetector detector, Instant now, Integer issue) {
        Map<String, String> states = new TreeMap<>();
        pass.blockers().forEach((name, b) -> {
            if (b.state() != Blocking.State.ACTIVE) {
                states.put(name, b.state().text());
            }
        });
        StringBuilder out = new StringBuilder(text(pass.all(), pass.views(), issue, detector, states));
        for (List<String> cycle : pass.cycles()) {
            out.append("⚠ waiting cycle: ").append(Printable.line(Blocking.describeCycle(pass.doc(), cycle))).append('\n');
        }
        out.append(new EscalationList(new Style(env.colour()), columns()).renderUnderAgents(pass.escalations(), now));
        return out.toString();
    }

    private List<AgentView> filtered(List<AgentView> views, Integer issue) {
        return views.stream()
                .filter(v -> agentFilter == null || v.name().equals(agentFilter))
                .filter(v -> issue == null || Objects.equals(v.record().issue(), issue))
                .toList();
    }

    /** The table; when filters hide every agent, says so instead of claiming nobody reported. */
    private String text(List<AgentView> all, List<AgentView> shown, Integer issue, StaleDetector detector,
                        Map<String, String> blockerStates) {
        if (shown.isEmpty() && !all.isEmpty()) {
            StringBuilder filter = new StringBuilder();
            if (agentFilter != null) {
                filter.append("--agent ").append(agentFilter);
            }
            if (issue != null) {
                filter.append(filter.length() > 0 ? " and " : "").append("--issue #").append(issue);
            }
            return "No agent matches " + filter + " (" + all.size() + (all.size() == 1 ? " agent" : " agents")
                    + " reported).\n";
        }
        return table().withBlockerStates(blockerStates).render(shown, detector.staleAfter());
    }

    private StatusTable table() {
        int columns = 0;
        if (env.stdoutIsTerminal()) {
            String c = env.get("COLUMNS");
            columns = c != null && c.matches("\\d{2,4}") ? Integer.parseInt(c) : 100;
        }
        return new StatusTable(new Style(env.colour()), columns);
    }

    private ObjectNode toJson(Pass pass, StaleDetector detector, Instant now) {
        ObjectNode root = Json.object();
        root.put("schemaVersion", 1);
        root.put("generatedAt", StatusCodec.formatInstant(now));
        root.put("staleAfterSeconds", detector.staleAfter().getSeconds());
        ObjectNode agents = root.putObject("agents");
        pass.views().stream().sorted((a, b) -> a.name().compareTo(b.name())).forEach(v -> {
            ObjectNode a = StatusCodec.agentToJson(v.record());
            a.put("stale", v.stale());
            if (v.age() == null) {
                a.putNull("ageSeconds");
            } else {
                a.put("ageSeconds", v.age().getSeconds());
            }
            Blocking.Blocker b = pass.blockers().get(v.name());
            if (b != null) {
                ObjectNode bo = a.putObject("blocker");
                bo.put("ref", b.ref());
                bo.put("state", b.state().wire());
                b.agents().forEach(bo.putArray("agents")::add);
            }
            agents.set(v.name(), a);
        });
        var cycles = root.putArray("cycles");
        pass.cycles().forEach(c -> c.forEach(cycles.addArray()::add));
        var escalations = root.putArray("escalations");
        pass.escalations().forEach(e -> escalations.add(EscalationCodec.toJson(e)));
        return root;
    }

    private int columns() {
        if (!env.stdoutIsTerminal()) {
            return 0;
        }
        String c = env.get("COLUMNS");
        return c != null && c.matches("\\d{2,4}") ? Integer.parseInt(c) : 100;
    }

    /**
     * Redraws in place: the cursor goes home and each line clears its own tail, so the screen is
     * never blank between frames (no flicker). To a pipe, frames are simply printed one after another.
     */
    private int watchLoop(CoordinationStore store, StaleDetector detector, Integer issue) {
        boolean terminal = env.stdoutIsTerminal();
        if (terminal) {
            io.out().print("\u001b[?25l\u001b[H\u001b[2J");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                io.out().print("\u001b[0m\u001b[?25h\n");
                io.out().flush();
            }));
        }
        while (true) {
            Instant now = env.clock().instant();
            Pass pass = statusPass(store, detector, now, issue);
            String clock = LocalTime.ofInstant(now, ZoneId.systemDefault()).truncatedTo(ChronoUnit.SECONDS).toString();
            String frame = "Every " + watch + "s · " + clock + " · Ctrl-C to stop\n\n" + renderText(pass, detector, now, issue);
            if (terminal) {
                io.out().print("\u001b[H" + frame.replace("\n", "\u001b[K\n") + "\u001b[J");
            } else {
                io.out().print(frame + "\n");
            }
            io.out().flush();
            try {
                Thread.sleep(watch * 1000L);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return ExitCode.OK;
            }
        }
    }
}

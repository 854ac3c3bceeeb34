package dev.ghp.agents.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghp.agents.errors.ExitCode;
import dev.ghp.agents.errors.GhpException;
import dev.ghp.agents.errors.StateException;
import dev.ghp.agents.errors.UsageException;
import dev.ghp.agents.model.Escalation;
import dev.ghp.agents.model.EscalationCodec;
import dev.ghp.agents.model.StatusDocument;
import dev.ghp.agents.render.EscalationList;
import dev.ghp.agents.rules.Blocking;
import dev.ghp.agents.rules.Claims;
import dev.ghp.agents.text.Printable;
import dev.ghp.agents.rules.StaleRelease;
import dev.ghp.agents.store.Change;
import dev.ghp.agents.store.Decision;
import dev.ghp.agents.store.EscalationFiles;
import dev.ghp.agents.store.Snapshot;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.model.StatusCodec;
import dev.ghp.agents.render.GhpDashboard;
import dev.ghp.agents.render.StatusTable;
import dev.ghp.agents.render.Style;
import dev.ghp.agents.render.TimelineChart;
import dev.ghp.agents.rules.AgentView;
import dev.ghp.agents.input.BranchIssue;
import dev.ghp.agents.input.HeartbeatInput;
import dev.ghp.agents.text.Printable;
import dev.ghp.agents.rules.StaleDetector;
import dev.ghp.agents.rules.Timeline;
import dev.ghp.agents.store.CoordinationHistory;
import dev.ghp.agents.store.CoordinationStore;
import dev.ghp.agents.store.EscalationFiles;
import dev.ghp.agents.store.Snapshot;
import dev.ghp.agents.model.StorePaths;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Objects;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
            "  ghp agent-status --timeline --since 4h      # who worked, who stalled, and when",
            "  ghp agent-status --dashboard --branch alice/147-parser --repo acme/app   # for GHP's dashboard"})
public final class StatusCommand extends BaseCommand {
    static final Duration DEFAULT_SINCE = Duration.ofHours(8);

    @Option(names = "--stale-after", paramLabel = "DURATION", description = "Stale limit, e.g. 90s, 10m, 1h.")
    Duration staleAfter;

    @Option(names = "--check", description = "Exit 4 when any agent shown is stale or any escalation is open.")
    boolean check;

    @Mixin
    AgentOption agent = new AgentOption();

    @Mixin
    IssueOption issueOption = new IssueOption();

    @Option(names = "--watch", paramLabel = "SECONDS", arity = "0..1", fallbackValue = "2",
            description = "Redraw every SECONDS (default 2) until interrupted (Ctrl-C).")
    Integer watch;

    @Option(names = "--timeline", description = "Draw each agent's status over time, from the record's history.")
    boolean timeline;

    @Option(names = "--since", paramLabel = "DURATION", description = "How far back --timeline goes (default 8h).")
    Duration since;

    @Option(names = "--dashboard", description = "Print GHP's dashboard-hook JSON: the agents of --branch and their open escalations.")
    boolean dashboard;

    @Option(names = "--branch", paramLabel = "BRANCH", description = "With --dashboard: the branch GHP shows (its agents, its issue).")
    String branch;

    @Option(names = "--repo", paramLabel = "OWNER/NAME", description = "With --dashboard: passed by GHP; the repository is the one ghp runs in.")
    String repoName;

    public StatusCommand(Io io, Environment env) {
        super(io, env);
    }

    @Override
    protected int run() {
        if (dashboard) {
            return dashboard();
        }
        if ((branch != null || repoName != null)) {
            throw new UsageException("--branch and --repo go with --dashboard");
        }
        Integer issue = issueOption.number();
        if (agent.given() != null) {
            HeartbeatInput.agentName(agent.given(), "--agent");
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
        if (since != null && !timeline) {
            throw new UsageException("--since goes with --timeline");
        }
        if (timeline && check) {
            throw new UsageException("--check looks at agents now; it does not go with --timeline");
        }
        Duration window = since == null ? DEFAULT_SINCE : since;
        StaleDetector detector = new StaleDetector(staleLimit(staleAfter));
        CoordinationStore store = store();
        if (watch != null) {
            return watchLoop(() -> {
                if (timeline) {
                    return timelineText(detector, issue, window);
                }
                Instant now = env.clock().instant();
                return renderText(statusPass(store, detector, now, issue), detector, now, issue);
            });
        }
        if (timeline) {
            if (json) {
                Instant now = env.clock().instant();
                io.out().print(Json.pretty(timelineJson(timelineRows(detector, issue, window, now), now.minus(window), now, detector)));
            } else {
                io.out().print(timelineText(detector, issue, window));
            }
            return ExitCode.OK;
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
     * The stale-detector pass (docs/design.md#reading-staleness-and-authority): with {@code stalePolicy: "release"} it releases stale
     * agents' claims, and it opens a {@code blocked} escalation for a cycle of waiting agents that
     * has none. It writes only when there is something to write.
     */
    private Pass statusPass(CoordinationStore store, StaleDetector detector, Instant now, Integer issue) {
        boolean release = stalePolicyRelease();
        Snapshot snapshot = store.read();
        if (passWouldWrite(snapshot, detector, now, release)) {
            try {
                List<Escalation> opened = store.decide(fresh -> {
                    List<Escalation> found = new ArrayList<>();
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
                            found.addAll(r.escalations());
                            what.add("released stale " + String.join(", ", r.released()));
                        }
                    }
                    List<Escalation> cycles = Claims.cycleEscalations(doc, null, () -> open, now, Escalation::newId);
                    cycles.forEach(e -> EscalationFiles.put(c, e));
                    found.addAll(cycles);
                    if (!cycles.isEmpty()) {
                        what.add("escalated a waiting cycle");
                    }
                    return what.isEmpty() ? Decision.nothing(found) : Decision.write(
                            Change.of("status pass: " + String.join("; ", what), "ghp").putAll(c), found);
                }).result();
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
                .filter(e -> agent.given() == null || agent.given().equals(e.agent()) || e.agents().contains(agent.given()))
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
                .filter(v -> agent.given() == null || v.name().equals(agent.given()))
                .filter(v -> issue == null || Objects.equals(v.record().issue(), issue))
                .toList();
    }

    /** The table; when filters hide every agent, says so instead of claiming nobody reported. */
    private String text(List<AgentView> all, List<AgentView> shown, Integer issue, StaleDetector detector,
                        Map<String, String> blockerStates) {
        if (shown.isEmpty() && !all.isEmpty()) {
            StringBuilder filter = new StringBuilder();
            if (agent.given() != null) {
                filter.append("--agent ").append(agent.given());
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
        return new StatusTable(new Style(env.colour()), columns());
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
            if (v.clockAhead()) {
                a.put("clockAhead", true);
            }
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
     * never blank between frames (no flicker). To a pipe, frames are simply printed one after
     * another. Ctrl-C ends it: the JVM runs the shutdown hook, which waits for a frame being
     * written to finish, restores the cursor and leaves the last frame on screen.
     */
    private int watchLoop(java.util.function.Supplier<String> render) {
        boolean terminal = env.stdoutIsTerminal();
        Object screen = new Object();
        boolean[] stopped = {false};
        Thread restore = new Thread(() -> {
            synchronized (screen) {
                stopped[0] = true;
                if (terminal) {
                    io.out().print("\u001b[0m\u001b[?25h\n");
                }
                io.out().flush();
            }
        }, "ghp-watch-restore");
        Runtime.getRuntime().addShutdownHook(restore);
        try {
            if (terminal) {
                synchronized (screen) {
                    io.out().print("\u001b[?25l\u001b[H\u001b[2J");
                }
            }
            while (true) {
                Instant now = env.clock().instant();
                String clock = LocalTime.ofInstant(now, env.zone()).truncatedTo(ChronoUnit.SECONDS).toString();
                String frame = "Every " + watch + "s · " + clock + " · Ctrl-C to stop\n\n" + render.get();
                synchronized (screen) {
                    if (stopped[0]) {
                        return ExitCode.OK;
                    }
                    if (terminal) {
                        io.out().print("\u001b[H" + frame.replace("\n", "\u001b[K\n") + "\u001b[J");
                    } else {
                        io.out().print(frame + "\n");
                    }
                    io.out().flush();
                }
                try {
                    Thread.sleep(watch * 1000L);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return ExitCode.OK;
                }
            }
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(restore);
                restore.run();
            } catch (IllegalStateException shuttingDown) {
                // the hook is running (Ctrl-C): it restores the terminal itself
            }
        }
    }

    private List<Timeline.Row> timelineRows(StaleDetector detector, Integer issue, Duration window, Instant now) {
        Instant from = now.minus(window);
        CoordinationHistory.Result history = new CoordinationHistory(repo().repository()).since(from);
        if (history.unreadable() > 0) {
            io.err().println("warning: " + history.unreadable() + " commit(s) of " + StorePaths.REF
                    + " hold an unreadable agent table; the timeline skips them");
        }
        List<Timeline.Moment> moments = history.states().stream()
                .map(st -> new Timeline.Moment(st.committed(), st.status(), st.parentAgents())).toList();
        return Timeline.build(moments, from, now, detector.staleAfter()).stream()
                .filter(r -> agent.given() == null || r.agent().equals(agent.given()))
                .filter(r -> issue == null || r.segments().stream().anyMatch(sg -> issue.equals(sg.issue())))
                .toList();
    }

    private String timelineText(StaleDetector detector, Integer issue, Duration window) {
        Instant now = env.clock().instant();
        List<Timeline.Row> rows = timelineRows(detector, issue, window, now);
        int columns = 100;
        String c = env.get("COLUMNS");
        if (c != null && c.matches("\\d{2,4}")) {
            columns = Integer.parseInt(c);
        }
        return new TimelineChart(new Style(env.colour()), env.zone(), columns).render(rows, now.minus(window), now, detector.staleAfter());
    }

    private static ObjectNode timelineJson(List<Timeline.Row> rows, Instant from, Instant to, StaleDetector detector) {
        ObjectNode root = Json.object();
        root.put("schemaVersion", 1);
        root.put("from", StatusCodec.formatInstant(from));
        root.put("to", StatusCodec.formatInstant(to));
        root.put("staleAfterSeconds", detector.staleAfter().getSeconds());
        ObjectNode agents = root.putObject("agents");
        for (Timeline.Row r : rows) {
            ObjectNode a = agents.putObject(r.agent());
            if (r.issue() == null) {
                a.putNull("issue");
            } else {
                a.put("issue", r.issue());
            }
            a.put("status", r.status());
            var segments = a.putArray("segments");
            for (Timeline.Segment sg : r.segments()) {
                ObjectNode o = segments.addObject();
                o.put("status", sg.status());
                if (sg.issue() == null) {
                    o.putNull("issue");
                } else {
                    o.put("issue", sg.issue());
                }
                o.put("from", StatusCodec.formatInstant(sg.from()));
                o.put("to", StatusCodec.formatInstant(sg.to()));
            }
        }
        return root;
    }

    /**
     * GHP's dashboard hook: always a JSON answer on stdout, {@code success: false} with the reason
     * when something is wrong, since GHP shows that text in the dashboard section.
     */
    private int dashboard() {
        try {
            if (watch != null || timeline || check || since != null) {
                throw new UsageException("--dashboard prints one JSON answer; it does not go with --watch, --timeline, --check or --since");
            }
            Integer issue = issueOption.number();
            StaleDetector detector = new StaleDetector(staleLimit(staleAfter));
            Snapshot snapshot = store().read();
            Instant now = env.clock().instant();
            Integer branchIssue = branch == null ? null : BranchIssue.of(branch).orElse(null);
            List<AgentView> agents = filtered(detector.assess(snapshot.status(), now), issue).stream()
                    .filter(v -> branch == null || branch.equals(v.record().branch())
                            || (branchIssue != null && branchIssue.equals(v.record().issue())))
                    .toList();
            java.util.Set<String> names = new java.util.HashSet<>();
            agents.forEach(v -> names.add(v.name()));
            List<Escalation> open = EscalationFiles.readable(snapshot).escalations().stream()
                    .filter(Escalation::isOpen)
                    .filter(e -> branch == null || names.contains(e.agent()) || (branchIssue != null && branchIssue.equals(e.issue())))
                    .filter(e -> issue == null || issue.equals(e.issue()))
                    .toList();
            String title = agents.isEmpty() && branch != null ? "Agents · none on this branch" : "Agents";
            io.out().print(Json.pretty(GhpDashboard.success(title, agents, open)));
        } catch (GhpException e) {
            io.out().print(Json.pretty(GhpDashboard.failure(e.getMessage())));
            io.err().println("ghp: error: " + e.getMessage());
        }
        return ExitCode.OK;
    }
}

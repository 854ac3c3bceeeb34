package dev.ghp.agents.cli;

import dev.ghp.agents.config.Settings;
import dev.ghp.agents.errors.ExitCode;
import dev.ghp.agents.errors.GhpException;
import dev.ghp.agents.errors.StateException;
import dev.ghp.agents.errors.UsageException;
import dev.ghp.agents.ghp.GhpAgents;
import dev.ghp.agents.git.CloneWorktrees;
import dev.ghp.agents.input.HeartbeatInput;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.render.GhpDashboard;
import dev.ghp.agents.rules.StaleDetector;
import dev.ghp.agents.store.CoordinationStore;
import dev.ghp.agents.store.Snapshot;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghp.agents.sync.SyncSettings;
import dev.ghp.agents.sync.SyncState;
import dev.ghp.agents.sync.Syncs;
import dev.ghp.agents.text.Printable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
            "~/.config/ghp-cli/config.json, else in .ghp/config.json, else 10m.",
            "With agents.ghp.agents: true, the agents GHP started that have not reported are listed",
            "too (ghp agents list --json; in --json as ghpAgents).",
            "", "--check in a clone without the record (a CI checkout) fetches the remote's first; with no",
            "record there either it exits 5 (--allow-empty: 0). With agents.autoSync on, every query",
            "syncs first when the last sync is older than the interval.",
            "", "Examples:",
            "  ghp agent-status",
            "  ghp agent-status --check --stale-after 30m   # in CI: exit 4 when an agent went silent",
            "                                               # or an escalation waits for a human",
            "  ghp agent-status --check --fail-on stale,approvals,blocked   # choose what fails it",
            "  ghp agent-status --json | jq '.agents | keys'",
            "  ghp agent-status --watch 5",
            "  ghp agent-status --timeline --since 4h      # who worked, who stalled, and when",
            "  ghp agent-status --serve                    # the lead's page on 127.0.0.1, URL with its token first",
            "  ghp agent-status --dashboard --branch alice/147-parser --repo acme/app   # for GHP's dashboard"})
public final class StatusCommand extends BaseCommand {
    static final Duration DEFAULT_SINCE = Duration.ofHours(8);

    @Option(names = "--stale-after", paramLabel = "DURATION", description = "Stale limit, e.g. 90s, 10m, 1h.")
    Duration staleAfter;

    @Option(names = "--check", description = "Exit 4 when what --fail-on names is found (default: a stale agent or an open escalation).")
    boolean check;

    @Option(names = "--fail-on", paramLabel = "CONDITION", split = ",",
            description = "With --check: what fails it: stale, escalations, approvals, blocked (comma list, repeatable; default stale,escalations).")
    List<String> failOn;

    @Option(names = "--allow-empty", description = "With --check: exit 0 when there is no record here or on the remote (else exit 5).")
    boolean allowEmpty;

    @Mixin
    AgentOption agent = new AgentOption();

    @Mixin
    IssueOption issue = new IssueOption();

    @Option(names = "--watch", paramLabel = "SECONDS", arity = "0..1", fallbackValue = "2",
            description = "Redraw every SECONDS (default 2) until interrupted (Ctrl-C).")
    Integer watch;

    @Option(names = "--timeline", description = "Draw each agent's status over time, from the record's history.")
    boolean timeline;

    @Option(names = "--since", paramLabel = "DURATION", description = "How far back --timeline (and --serve's timeline) goes (default 8h).")
    Duration since;

    @Option(names = "--serve", description = "Serve the team as a page on 127.0.0.1 (URL with its access token printed first)"
            + " until interrupted (Ctrl-C, exit 130): agents, claims, blockers, escalations to answer, messages, timeline.")
    boolean serve;

    @Option(names = "--port", paramLabel = "PORT", description = "With --serve: the port on 127.0.0.1 (default 0: a free one).")
    Integer port;

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
        StatusFilter filter = checkedOptions();
        StatusCheck checks = StatusCheck.of(failOn);
        Duration window = since == null ? DEFAULT_SINCE : since;
        StaleDetector detector = staleDetector(staleAfter);
        CoordinationStore store = store();
        if (check) {
            recordToCheck(store);
        }
        StatusPass pass = new StatusPass(io, store, this::stalePolicyRelease,
                () -> new EscalationMirroring(io, env, settings().github(), repo(), store));
        StatusReport report = new StatusReport(env, detector, filter);
        if (serve) {
            StatusTimeline chart = new StatusTimeline(io, env, repo().repository(), detector, filter, window);
            return new StatusServe(io, env, repo().repository(), directory, () -> {
                syncBeforeRead();
                Instant now = env.clock().instant();
                StatusPass.Result result = pass.run(detector, now, filter);
                ObjectNode root = report.json(result, now);
                root.set("messages", StatusServe.messages(result.snapshot(), result.doc().agents().keySet()));
                return root;
            }, chart::json).serve(port == null ? 0 : port);
        }
        if (watch != null) {
            StatusTimeline chart = timeline ? new StatusTimeline(io, env, repo().repository(), detector, filter, window) : null;
            return new StatusWatch(io, env, watch).loop(() -> {
                syncBeforeRead();
                answersFromGitHub(store, detector);
                if (chart != null) {
                    return chart.text();
                }
                Instant now = env.clock().instant();
                StatusPass.Result result = pass.run(detector, now, filter);
                LastSync synced = lastSync();
                return report.text(result, now, fromGhp(result, filter), whereHeard(synced))
                        + (synced == null ? "" : synced.text(now));
            });
        }
        syncBeforeRead();
        answersFromGitHub(store, detector);
        if (timeline) {
            StatusTimeline chart = new StatusTimeline(io, env, repo().repository(), detector, filter, window);
            io.out().print(json ? Json.pretty(chart.json()) : chart.text());
            return ExitCode.OK;
        }
        Instant now = env.clock().instant();
        StatusPass.Result result = pass.run(detector, now, filter);
        LastSync synced = lastSync();
        List<StatusCheck.Failure> failures = check ? checks.failures(result) : List.of();
        List<GhpAgents.Agent> fromGhp = fromGhp(result, filter);
        if (json) {
            ObjectNode root = report.json(result, now, fromGhp, whereHeard(synced));
            DecisionsJson.addTo(root, result.snapshot());
            root.set("sync", synced == null ? NullNode.getInstance() : synced.json());
            if (check) {
                root.set("check", checks.json(failures));
            }
            io.out().print(Json.pretty(root));
        } else {
            io.out().print(report.text(result, now, fromGhp, whereHeard(synced)) + (synced == null ? "" : synced.text(now)) + StatusCheck.text(failures));
        }
        return failures.isEmpty() ? ExitCode.OK : ExitCode.ATTENTION;
    }

    /** Replies to escalations mirrored on GitHub, read when due (#24): before the record is shown, so it shows them. */
    private void answersFromGitHub(CoordinationStore store, StaleDetector detector) {
        new GitHubAnswering(io, env, settings().github(), repo(), store, detector, verbose).read();
    }

    /**
     * Whether there is a record for --check to look at. A clone without the local ref (a CI
     * checkout: a plain clone fetches branches only) takes the sync remote's record first, as
     * agent-sync would; a failure to fetch it is thrown (exit 5), since a check that cannot see the
     * record must not pass. No record anywhere: exit 5, unless --allow-empty (a note on stderr,
     * and the check goes on, on nothing).
     */
    private void recordToCheck(CoordinationStore store) {
        if (store.read().commitId().isPresent()) {
            return;
        }
        String remote = settings().sync().remote().value(null);
        boolean hasRemote = Syncs.hasRemote(repo(), remote);
        if (hasRemote) {
            Syncs.receiveMissing(repo(), SyncSettings.resolve(null, settings()), env.variables(), env.clock());
            if (store.read().commitId().isPresent()) {
                return;
            }
        }
        String where = hasRemote ? "here or on '" + Printable.line(remote) + "'" : "here, and no remote '"
                + Printable.line(remote) + "' to fetch it from";
        if (!allowEmpty) {
            throw new StateException("no coordination record " + where + ": nothing to check",
                    "no agent has reported (or synced) yet; --allow-empty makes this exit 0");
        }
        io.err().println("ghp: note: no coordination record " + where + " (--allow-empty: nothing to check)");
    }

    /** Where each row was heard: on this clone's worktrees, or through the last sync. */
    private WhereHeard whereHeard(LastSync synced) {
        return WhereHeard.of(CloneWorktrees.of(repo().commonDir()), synced);
    }

    /** When and from where the record was last synced; null when the repository has no sync remote. */
    private LastSync lastSync() {
        String remote;
        try {
            remote = settings().sync().remote().value(null);
        } catch (GhpException e) {
            return null;
        }
        if (!Syncs.hasRemote(repo(), remote)) {
            return null;
        }
        return new LastSync(remote, new SyncState(repo().commonDir()).read(remote));
    }

    /**
     * What goes with what, checked by hand rather than with a Picocli {@code ArgGroup}: --watch goes
     * with --timeline but not with --check, and each refusal names its reason in one line
     * (docs/decisions.md#commands-that-do-one-thing). The filter, checked, is the answer.
     */
    private StatusFilter checkedOptions() {
        if ((branch != null || repoName != null)) {
            throw new UsageException("--branch and --repo go with --dashboard");
        }
        Integer issueNumber = issue.number();
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
        if (serve && (watch != null || json || check || timeline)) {
            throw new UsageException("--serve serves a page until interrupted; it does not go with --watch, --json, --check or --timeline");
        }
        if (port != null && !serve) {
            throw new UsageException("--port goes with --serve");
        }
        if (port != null) {
            StatusServe.checkPort(port);
        }
        if (since != null && !timeline && !serve) {
            throw new UsageException("--since goes with --timeline or --serve");
        }
        if (timeline && check) {
            throw new UsageException("--check looks at agents now; it does not go with --timeline");
        }
        if ((failOn != null || allowEmpty) && !check) {
            throw new UsageException((failOn != null ? "--fail-on" : "--allow-empty") + " goes with --check");
        }
        return new StatusFilter(agent.given(), issueNumber);
    }

    /**
     * With {@code agents.ghp.agents: true}: the agents GHP started here that have not reported, read
     * from GHP's CLI (at most 2 s; no CLI or a failure is no list, and no error); else null. An
     * {@code --agent} filter hides them (GHP's agents have no name yet); {@code --issue} filters them.
     */
    private List<GhpAgents.Agent> fromGhp(StatusPass.Result result, StatusFilter filter) {
        if (!settings().ghp().agents().value()) {
            return null;
        }
        if (filter.agent() != null) {
            return List.of();
        }
        org.eclipse.jgit.lib.Repository repository = repo().repository();
        return GhpAgents.unreported(new GhpAgents(env.variables(), env.workingDirectory()).list(), result.doc(),
                branch -> {
                    try {
                        return repository.exactRef("refs/heads/" + branch) != null;
                    } catch (java.io.IOException | RuntimeException e) {
                        return false;
                    }
                }).stream().filter(a -> filter.issue() == null || filter.issue() == a.issue()).toList();
    }

    private boolean stalePolicyRelease() {
        return settings().stale().policy().value() == Settings.StalePolicy.RELEASE;
    }

    /**
     * GHP's dashboard hook: always a JSON answer on stdout, {@code success: false} with the reason
     * when something is wrong, since GHP shows that text in the dashboard section.
     */
    private int dashboard() {
        try {
            if (watch != null || timeline || check || since != null || failOn != null || allowEmpty || serve || port != null) {
                throw new UsageException("--dashboard prints one JSON answer; it does not go with --watch, --timeline, --check, --since or --serve");
            }
            StatusFilter filter = new StatusFilter(agent.given(), issue.number());
            StaleDetector detector = staleDetector(staleAfter);
            Snapshot snapshot = store().read();
            io.out().print(Json.pretty(StatusDashboard.answer(snapshot, detector, env.clock().instant(), filter, branch)));
        } catch (GhpException e) {
            io.out().print(Json.pretty(GhpDashboard.failure(e.getMessage())));
            io.err().println("ghp: error: " + e.getMessage());
        }
        return ExitCode.OK;
    }
}

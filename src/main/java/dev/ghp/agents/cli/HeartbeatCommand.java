package dev.ghp.agents.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghp.agents.errors.RefusedException;
import dev.ghp.agents.errors.UsageException;
import dev.ghp.agents.model.Escalation;
import dev.ghp.agents.rules.Claims;
import dev.ghp.agents.rules.SelfClosing;
import dev.ghp.agents.rules.ClockSkew;
import dev.ghp.agents.rules.RecordedWorktree;
import dev.ghp.agents.rules.StaleDetector;
import dev.ghp.agents.rules.scope.ScopePattern;
import dev.ghp.agents.store.EscalationFiles;
import java.util.ArrayList;
import java.util.List;
import dev.ghp.agents.git.RepoContext;
import dev.ghp.agents.model.AgentRecord;
import dev.ghp.agents.model.AgentStatus;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.model.StatusCodec;
import dev.ghp.agents.model.StatusDocument;
import dev.ghp.agents.input.AgentIdentity;
import dev.ghp.agents.text.Durations;
import dev.ghp.agents.rules.Heartbeat;
import dev.ghp.agents.input.HeartbeatInput;
import dev.ghp.agents.text.Printable;
import dev.ghp.agents.input.SpawnContext;
import dev.ghp.agents.store.Change;
import dev.ghp.agents.store.Decided;
import dev.ghp.agents.store.Decision;
import dev.ghp.agents.store.WriteResult;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ghp agent-heartbeat}: an agent says what it is doing; the record keeps its issue, status, action and time. */
@Command(name = "agent-heartbeat",
        description = {
            "Record what this agent is doing: its issue, status and last action, with the time.",
            "Options not given keep their previous values, so a bare heartbeat refreshes the time.",
            "The agent is named by --agent, else GHP_AGENT, else GHP_SPAWN_CONTEXT, else its worktree;",
            "the issue by --issue, else the agent's previous record, else GHP_SPAWN_CONTEXT, else the branch name."},
        footer = {"", "Examples:",
            "  ghp agent-heartbeat --issue 147 --status implementing --action \"wrote the parser\"",
            "  ghp agent-heartbeat --status blocked --blocked-on 150",
            "  ghp agent-heartbeat --quiet --throttle 60s   # from a hook: at most one write a minute",
            "  ghp agent-heartbeat --sign-off           # remove this agent's entry",
            "  ghp agent-heartbeat --issue 147 --files 'src/parser/**' --files docs/parser.md",
            "  ghp agent-heartbeat --issue 147 --force  # take #147 from a live agent (recorded)",
            "",
            "An issue held by another live agent is refused (exit 3); a stale agent's claim is taken",
            "over. A file scope overlapping another live agent's is refused and opens one conflict",
            "escalation; files matching agents.sharedFiles stay pending until an approval is resolved.",
            "Only a new claim can be refused: a heartbeat that claims nothing new is recorded (with a",
            "warning when another live agent holds the same claim)."})
public final class HeartbeatCommand extends BaseCommand {
    static final int MAX_PATTERNS = 50;

    @Option(names = "--agent", paramLabel = "NAME", description = "The agent's name ([A-Za-z0-9._-], 1 to 64).")
    String agent;

    @Option(names = "--issue", paramLabel = "N", description = "The issue the agent works on.")
    String issue;

    @Option(names = "--status", paramLabel = "STATUS",
            description = "One of: starting, planning, implementing, testing, reviewing, blocked, waiting, done.")
    String status;

    @Option(names = "--action", paramLabel = "TEXT", description = "What the agent just did (at most 500 characters).")
    String action;

    @Option(names = "--blocked-on", paramLabel = "REF",
            description = "What a blocked agent waits on: an issue number or an agent's name. Implies --status blocked.")
    String blockedOn;

    @Option(names = "--files", paramLabel = "GLOB",
            description = "Claim a file scope: gitignore-style patterns, repeatable (--files 'src/parser/**' --files docs/parser.md). "
                    + "Replaces the scope held before. Refused (exit 3) when it overlaps a live agent's scope.")
    List<String> files;

    @Option(names = "--no-files", description = "Release the whole file scope.")
    boolean noFiles;

    @Option(names = "--force", description = "Take the issue even from a live agent that holds it; the take-over is recorded.")
    boolean force;

    @Option(names = "--sign-off", description = "Remove this agent's entry.")
    boolean signOff;

    @Mixin
    QuietOption quiet = new QuietOption();

    @Option(names = "--throttle", paramLabel = "DURATION",
            description = "Write nothing when this agent's record would not change and is younger than DURATION "
                    + "(e.g. 60s). The way to heartbeat from a hook that fires after every tool call.")
    Duration throttle;

    public HeartbeatCommand(Io io, Environment env) {
        super(io, env);
    }

    @Override
    protected int run() {
        Integer issueNumber = HeartbeatInput.issue(issue, "--issue");
        AgentStatus newStatus = HeartbeatInput.status(status);
        String newAction = HeartbeatInput.action(action);
        String waitsOn = HeartbeatInput.blockedOn(blockedOn);
        if (waitsOn != null && newStatus != null && newStatus != AgentStatus.BLOCKED) {
            throw new UsageException("--blocked-on goes with --status blocked, not --status " + newStatus.wire());
        }
        if (signOff && (issue != null || status != null || action != null || blockedOn != null || throttle != null
                || files != null || noFiles || force)) {
            throw new UsageException("--sign-off removes the entry; it takes no --issue, --status, --action, --blocked-on,"
                    + " --throttle, --files or --force");
        }
        if (files != null && noFiles) {
            throw new UsageException("--files claims a scope and --no-files releases it; give one");
        }
        List<ScopePattern> scope = scope();
        SpawnContext spawn = spawnContext();
        AgentIdentity identity = identity(agent);
        String name = identity.name();
        RepoContext rc = repo();
        Instant now = env.clock().instant();

        if (signOff) {
            return signOff(name);
        }
        Integer fallbackIssue = contextIssue(spawn);
        Heartbeat heartbeat = new Heartbeat(issueNumber, newStatus, newAction, waitsOn, rc.branch(),
                rc.worktree() == null ? null : rc.worktree().toString(), fallbackIssue);

        StaleDetector detector = new StaleDetector(staleLimit(null));
        if (throttle != null && scope == null && !force
                && isThrottled(name, identity, heartbeat, detector, throttle, now)) {
            return 0;
        }
        Claims.Settings settings = new Claims.Settings(detector, SharedFilesSetting.read(config()), now);
        Decided<Beat> decided = store().decide(snapshot -> {
            // Every write bounds clock skew: stamps far ahead of this clock age from now on.
            StatusDocument doc = ClockSkew.clamp(snapshot.status(), now);
            AgentRecord recorded = doc.agents().get(name);
            Heartbeat own = forRecorded(heartbeat, recorded, identity, detector, now);
            // A derived name taken over from a silent agent in another worktree starts afresh: the
            // silent agent's claims are not inherited by whoever happens to share its folder name.
            boolean takesNameOver = recorded != null && own == heartbeat && recorded.worktree() != null
                    && heartbeat.worktree() != null && !recorded.worktree().equals(heartbeat.worktree());
            String replaced = takesNameOver ? recorded.worktree() : null;
            AgentRecord previous = takesNameOver ? null : recorded;
            AgentRecord next = own.applyTo(previous, now);
            refuseWaitingOnItself(name, next);
            var openEscalations = Claims.memoize(() -> EscalationFiles.open(snapshot));
            Claims.Outcome outcome = Claims.evaluate(doc, openEscalations,
                    new Claims.Request(name, previous, next, scope, force, own.issueByDefault(previous)), settings,
                    Escalation::newId);
            Beat beat = new Beat(outcome, replaced);
            if (outcome instanceof Claims.Refused refused) {
                if (refused.escalations().isEmpty() && refused.rest() == null) {
                    return Decision.nothing(beat);
                }
                // A refused file scope records the rest of the heartbeat, as a pending approval does.
                Change c = refused.rest() == null
                        ? Change.of("refused heartbeat " + name + ": file scope overlaps; escalated", name)
                        : Change.of(commitMessage(name, refused.rest().record()) + summary(refused.rest())
                                + "; file scope overlaps, escalated", name).putStatus(refused.rest().doc());
                refused.escalations().forEach(e -> EscalationFiles.put(c, e));
                if (refused.rest() != null) {
                    refused.rest().escalations().forEach(e -> EscalationFiles.put(c, e));
                }
                return Decision.write(c, beat);
            }
            Claims.Granted granted = (Claims.Granted) outcome;
            Change c = Change.of(commitMessage(name, granted.record()) + summary(granted), name).putStatus(granted.doc());
            granted.escalations().forEach(e -> EscalationFiles.put(c, e));
            // The tool's own escalations that no longer need a human close in the same commit.
            SelfClosing.resolvable(granted.doc(), openEscalations.get(), now).forEach(e -> EscalationFiles.put(c, e));
            return Decision.write(c, beat);
        });
        WriteResult result = decided.write();
        if (decided.result().outcome() instanceof Claims.Refused refused) {
            mirrorOnGitHub(refused.escalations());
            if (refused.rest() == null) {
                throw new RefusedException(refused.message() + " (nothing recorded for " + name + ")", refused.hint());
            }
            tell(refused.rest());
            mirrorOnGitHub(refused.rest().escalations());
            throw new RefusedException(refused.message() + "; the rest of the heartbeat was recorded", refused.hint());
        }
        Claims.Granted granted = (Claims.Granted) decided.result().outcome();
        if (decided.result().replaced() != null) {
            io.err().println("ghp: the name " + name + " was last used by a silent agent in " + Printable.line(decided.result().replaced())
                    + "; this worktree took it over and starts with no claims");
        }
        tell(granted);
        mirrorOnGitHub(granted.escalations());
        if (granted.askedForFiles() && !granted.pending().isEmpty()) {
            throw new RefusedException("approval pending: " + String.join("; ", granted.pendingWhy().stream()
                    .map(Printable::line).toList()) + "; asked in " + String.join(", ", granted.approvals())
                    + "; the rest of the heartbeat was recorded",
                    "a human or the orchestrator approves with: ghp agent-escalate --resolve "
                            + (granted.approvals().isEmpty() ? "ID" : granted.approvals().get(0)) + " --approve");
        }
        report(name, granted, result);
        return 0;
    }

    /**
     * The hook fast path: a lock-free read of the tip. When the heartbeat would change nothing but
     * the time, and the record is younger than the window, there is nothing worth a commit.
     */
    private boolean isThrottled(String name, AgentIdentity identity, Heartbeat heartbeat, StaleDetector detector,
                                Duration window, Instant now) {
        StatusDocument doc = store().read().status();
        AgentRecord previous = doc.agents().get(name);
        if (previous == null || previous.timestamp() == null || previous.timestamp().isAfter(now)
                || Duration.between(previous.timestamp(), now).compareTo(window) >= 0) {
            return false;
        }
        Heartbeat own = forRecorded(heartbeat, previous, identity, detector, now);
        AgentRecord applied = own.applyTo(previous, previous.timestamp());
        if (own.issueByDefault(previous) && Claims.heldByAnotherLiveAgent(doc, name, applied.issue(), detector, now)) {
            applied = applied.toBuilder().issue(null).build(); // as Claims records it: without the issue
        }
        if (!applied.equals(previous)) {
            return false;
        }
        if (!quiet.on()) {
            if (json) {
                ObjectNode o = Json.object();
                o.put("schemaVersion", 1);
                o.put("agent", name);
                o.put("committed", false);
                o.put("throttled", true);
                o.set("record", StatusCodec.agentToJson(previous));
                io.out().print(Json.pretty(o));
            } else {
                io.out().println("✓ " + name + " · throttled (last heartbeat " + Durations.brief(Duration.between(previous.timestamp(), now)) + " ago)");
            }
        }
        return true;
    }

    /**
     * The heartbeat as it applies to the agent's recorded entry: written from another worktree for a
     * given name, it keeps the recorded branch and worktree; a derived name that a live agent in
     * another worktree uses is refused (two worktrees with the same folder name).
     */
    private static Heartbeat forRecorded(Heartbeat heartbeat, AgentRecord recorded, AgentIdentity identity,
                                         StaleDetector detector, Instant now) {
        return switch (RecordedWorktree.judge(recorded, heartbeat.worktree(), identity, detector, now)) {
            case OWN -> heartbeat;
            case ELSEWHERE -> heartbeat.fromElsewhere();
            case CLASH -> throw new RefusedException("the agent name " + identity.name() + " (from the worktree's folder name)"
                    + " is in use by a live agent in " + Printable.line(recorded.worktree()) + " (seen "
                    + Durations.brief(Duration.between(recorded.timestamp(), now)) + " ago); this is "
                    + Printable.line(heartbeat.worktree()) + " (nothing recorded)",
                    "name this agent apart: --agent NAME or GHP_AGENT=NAME (or wait until " + identity.name()
                            + " goes stale or signs off)");
        };
    }

    /** With {@code agents.github.escalations: true}, the escalations the rules opened go to GitHub too. */
    private void mirrorOnGitHub(List<Escalation> opened) {
        if (opened.isEmpty()) {
            return;
        }
        EscalationMirroring mirroring = new EscalationMirroring(io, env, config(), repo(), store());
        if (mirroring.enabledByConfig()) {
            opened.forEach(e -> mirroring.mirror(e, true));
        }
    }

    private static String summary(Claims.Granted g) {
        StringBuilder s = new StringBuilder();
        for (String note : g.notes()) {
            if (note.startsWith("took ")) {
                s.append("; ").append(note);
            }
        }
        return s.toString();
    }

    private static void refuseWaitingOnItself(String name, AgentRecord next) {
        String ref = next.blockedOn();
        if (ref != null && (ref.equals(name) || (next.issue() != null && ref.equals("#" + next.issue())))) {
            throw new UsageException("an agent cannot wait on itself (" + name + " is on #" + next.issue()
                    + " and --blocked-on " + ref + ")", "name the agent or issue it waits on");
        }
    }

    private List<ScopePattern> scope() {
        if (noFiles) {
            return List.of();
        }
        if (files == null) {
            return null;
        }
        if (files.size() > MAX_PATTERNS) {
            throw new UsageException("--files was given " + files.size() + " times; the limit is " + MAX_PATTERNS,
                    "claim directories (src/parser/**) rather than single files");
        }
        List<ScopePattern> out = new ArrayList<>();
        for (String f : files) {
            out.add(ScopePattern.parse(f));
        }
        return out;
    }

    /** The notes and the escalations opened, on stderr. */
    private void tell(Claims.Granted granted) {
        for (String note : granted.notes()) {
            io.err().println("ghp: " + Printable.line(note));
        }
        for (Escalation e : granted.escalations()) {
            // Whole, on one line: the message names the pattern that matched and why, and a cut would lose it.
            io.err().println("ghp: opened " + e.kind() + " escalation " + e.id() + ": " + Printable.line(e.message()));
        }
    }

    /**
     * What a heartbeat's write decided: granted or refused, and the worktree of the silent agent
     * whose name it took over (null if none).
     */
    private record Beat(Claims.Outcome outcome, String replaced) {
    }

    private int signOff(String name) {
        WriteResult result = store().update(snapshot -> {
            StatusDocument doc = snapshot.status();
            if (!doc.agents().containsKey(name)) {
                return null;
            }
            return Change.of("sign-off " + name, name).putStatus(doc.withoutAgent(name));
        });
        if (quiet.on()) {
            return 0;
        }
        if (json) {
            ObjectNode o = Json.object();
            o.put("schemaVersion", 1);
            o.put("agent", name);
            o.put("signedOff", result.committed());
            o.put("commit", result.commitId());
            putWriteStats(o, result);
            io.out().print(Json.pretty(o));
        } else if (result.committed()) {
            io.out().println("✓ " + name + " signed off");
        } else {
            io.out().println(name + " had no entry; nothing to sign off");
        }
        return 0;
    }

    static String commitMessage(String name, AgentRecord r) {
        StringBuilder m = new StringBuilder("heartbeat ").append(name);
        if (r.issue() != null) {
            m.append(" #").append(r.issue());
        }
        m.append(' ').append(r.status());
        if (r.blockedOn() != null) {
            m.append(" on ").append(r.blockedOn());
        }
        // A status or blocker written by another tool reaches `git log` through this line.
        return Printable.line(m.toString());
    }

    /** How the write went: rounds of compare-and-swap, time spent waiting for other writers, history pruned. */
    private static void putWriteStats(ObjectNode o, WriteResult result) {
        o.put("attempts", result.attempts());
        o.put("lockWaitMillis", result.lockWaitMillis());
        o.put("prunedCommits", result.prunedCommits());
    }

    private void report(String name, Claims.Granted granted, WriteResult result) {
        if (quiet.on()) {
            return;
        }
        AgentRecord written = granted.record();
        if (json) {
            ObjectNode o = Json.object();
            o.put("schemaVersion", 1);
            o.put("agent", name);
            o.put("committed", result.committed());
            o.put("commit", result.commitId());
            putWriteStats(o, result);
            o.set("record", StatusCodec.agentToJson(written));
            if (!granted.notes().isEmpty()) {
                granted.notes().forEach(o.putArray("notes")::add);
            }
            if (!granted.escalations().isEmpty()) {
                var opened = o.putArray("escalationsOpened");
                granted.escalations().forEach(e -> opened.add(e.id()));
            }
            io.out().print(Json.pretty(o));
            return;
        }
        String issueText = written.issue() == null ? "no issue" : "#" + written.issue();
        String commit = result.committed() ? result.commitId().substring(0, 7) : "unchanged";
        String scope = written.files().isEmpty() ? "" : " · " + written.files().size()
                + (written.files().size() == 1 ? " pattern" : " patterns");
        io.out().println("✓ " + name + " · " + issueText + " · " + Printable.line(written.status()) + scope + " (" + commit + ")");
    }
}

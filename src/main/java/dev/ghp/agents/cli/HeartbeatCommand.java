package dev.ghp.agents.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghp.agents.errors.UsageException;
import dev.ghp.agents.heartbeat.HeartbeatOutcome;
import dev.ghp.agents.heartbeat.HeartbeatRequest;
import dev.ghp.agents.input.AgentIdentity;
import dev.ghp.agents.input.HeartbeatInput;
import dev.ghp.agents.input.SpawnContext;
import dev.ghp.agents.model.AgentRecord;
import dev.ghp.agents.model.AgentStatus;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.model.StatusCodec;
import dev.ghp.agents.rules.Claims;
import dev.ghp.agents.rules.scope.ScopePattern;
import dev.ghp.agents.store.WriteResult;
import dev.ghp.agents.text.Durations;
import dev.ghp.agents.text.Printable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

    @Mixin
    AgentOption agent = new AgentOption();

    @Mixin
    IssueOption issue = new IssueOption();

    @Option(names = "--status", paramLabel = "STATUS",
            description = "One of: starting, planning, implementing, testing, reviewing, blocked, waiting, done.")
    String status;

    @Option(names = "--action", paramLabel = "TEXT", description = "What the agent just did (at most 500 characters).")
    String action;

    @Option(names = "--blocked-on", paramLabel = "REF",
            description = "What a blocked agent waits on: an issue number, an escalation id (esc-…, a human's answer)"
                    + " or an agent's name. Implies --status blocked.")
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
        Integer issueNumber = issue.number();
        AgentStatus newStatus = HeartbeatInput.status(status);
        String newAction = HeartbeatInput.action(action);
        String waitsOn = HeartbeatInput.blockedOn(blockedOn);
        if (waitsOn != null && newStatus != null && newStatus != AgentStatus.BLOCKED) {
            throw new UsageException("--blocked-on goes with --status blocked, not --status " + newStatus.wire());
        }
        if (signOff && (issue.given() || status != null || action != null || blockedOn != null || throttle != null
                || files != null || noFiles || force)) {
            throw new UsageException("--sign-off removes the entry; it takes no --issue, --status, --action, --blocked-on,"
                    + " --throttle, --files or --force");
        }
        if (files != null && noFiles) {
            throw new UsageException("--files claims a scope and --no-files releases it; give one");
        }
        List<ScopePattern> scope = scope();
        SpawnContext spawn = spawnContext();
        AgentIdentity identity = identity(agent.given());
        String name = identity.name();
        repo();
        HeartbeatRun heartbeats = new HeartbeatRun(this);

        if (signOff) {
            return signOff(name, heartbeats.service().signOff(name));
        }
        HeartbeatRequest request = new HeartbeatRequest(identity, issueNumber, newStatus, newAction, waitsOn, scope,
                force, throttle, contextIssue(spawn));
        HeartbeatOutcome outcome = heartbeats.record(request);
        if (outcome instanceof HeartbeatOutcome.Throttled throttled) {
            reportThrottled(name, throttled);
        } else {
            report(name, (HeartbeatOutcome.Recorded) outcome);
        }
        return 0;
    }

    private void reportThrottled(String name, HeartbeatOutcome.Throttled throttled) {
        if (quiet.on()) {
            return;
        }
        if (json) {
            ObjectNode o = Json.object();
            o.put("schemaVersion", 1);
            o.put("agent", name);
            o.put("committed", false);
            o.put("throttled", true);
            o.set("record", StatusCodec.agentToJson(throttled.record()));
            io.out().print(Json.pretty(o));
        } else {
            io.out().println("✓ " + name + " · throttled (last heartbeat " + Durations.brief(throttled.age()) + " ago)");
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

    private int signOff(String name, WriteResult result) {
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

    /** How the write went: rounds of compare-and-swap, time spent waiting for other writers, history pruned. */
    private static void putWriteStats(ObjectNode o, WriteResult result) {
        o.put("attempts", result.attempts());
        o.put("lockWaitMillis", result.lockWaitMillis());
        o.put("prunedCommits", result.prunedCommits());
    }

    private void report(String name, HeartbeatOutcome.Recorded recorded) {
        if (quiet.on()) {
            return;
        }
        Claims.Granted granted = recorded.granted();
        WriteResult result = recorded.write();
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

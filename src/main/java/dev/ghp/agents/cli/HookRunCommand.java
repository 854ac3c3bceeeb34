package dev.ghp.agents.cli;

import dev.ghp.agents.config.Settings;
import dev.ghp.agents.errors.ExitCode;
import dev.ghp.agents.errors.GhpException;
import dev.ghp.agents.errors.UsageException;
import dev.ghp.agents.git.RepoContext;
import dev.ghp.agents.git.RepoLocator;
import dev.ghp.agents.heartbeat.HeartbeatOutcome;
import dev.ghp.agents.heartbeat.HeartbeatRequest;
import dev.ghp.agents.hooks.EditTargets;
import dev.ghp.agents.hooks.HookAgent;
import dev.ghp.agents.hooks.HookDialect;
import dev.ghp.agents.hooks.HookEvent;
import dev.ghp.agents.hooks.HookInput;
import dev.ghp.agents.hooks.HookPlan;
import dev.ghp.agents.hooks.HookReply;
import dev.ghp.agents.hooks.IssueMemories;
import dev.ghp.agents.hooks.MessageDigest;
import dev.ghp.agents.hooks.SessionBriefing;
import dev.ghp.agents.hooks.SessionEnds;
import dev.ghp.agents.hooks.SubagentBriefing;
import dev.ghp.agents.hooks.SyncNote;
import dev.ghp.agents.input.AgentIdentity;
import dev.ghp.agents.input.SpawnContext;
import dev.ghp.agents.mem0.Mem0Settings;
import dev.ghp.agents.model.AgentRecord;
import dev.ghp.agents.model.AgentStatus;
import dev.ghp.agents.rules.EditAuthority;
import dev.ghp.agents.rules.StaleDetector;
import dev.ghp.agents.store.Snapshot;
import dev.ghp.agents.sync.SyncState;
import dev.ghp.agents.text.Printable;
import dev.ghp.agents.store.AbandonedRefLock;
import dev.ghp.agents.store.GitRefStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ghp agent-hooks run EVENT}: answers one hook event. Finds the session's worktree and
 * agent, records the heartbeat {@link HookPlan} says the event makes (through the same
 * {@link HeartbeatRun} as agent-heartbeat), then prints what the agent is told after that event,
 * if anything: its briefing, its unread messages ({@link HookDelivery}). Never fails the session: every error goes to stderr and it exits 0.
 */
@Command(name = "run", description = {
    "Answer one hook event (the agents' hooks and GHP's hook scripts run this).",
    "The event's JSON comes on stdin; its \"cwd\" says which worktree, and so which agent and issue.",
    "session-start prints the agent's context; post-tool-use and user-prompt-submit print its unread",
    "messages (marked read), stop keeps its turn going once for one that needs it; each in that agent's",
    "format (--for), and only where that agent reads it. With nothing to tell, nothing is printed.",
    "pre-tool-use refuses an edit inside another live agent's file claim, or of a shared file without",
    "an approval (agents.editGuard), in the agent's own deny format; it only reads the record.",
    "wake (Claude Code's background Stop hook) waits in the daemon for a message that needs the idle",
    "agent, then prints it on stderr and exits 2, which wakes the agent (agents.wakeWait, at most 1h).",
    "Never fails the session: every error goes to stderr and it exits 0. GHP_AGENT_HOOKS=off disables it."},
    footer = {"", "Try one by hand:",
        "  echo '{\"cwd\": \"'\"$PWD\"'\"}' | ghp agent-hooks run session-start",
        "  echo '{\"cwd\": \"'\"$PWD\"'\"}' | ghp agent-hooks run session-start --for codex"})
final class HookRunCommand extends BaseCommand implements NoExitCodeTable {
    /** Set to 0, off or false to make hook runs do nothing (a human's own session, say). */
    static final String HOOKS_SWITCH = "GHP_AGENT_HOOKS";

    @Parameters(index = "0", arity = "0..1", paramLabel = "EVENT",
            description = "post-tool-use, stop, session-start, user-prompt-submit, notification, stop-failure, pre-tool-use,"
                    + " post-tool-use-failure, session-end, subagent-start or wake"
                    + " (or the agent's own name for it: PostToolUse, AfterTool, afterFileEdit, …).",
            completionCandidates = EventNames.class)
    String event;

    @Option(names = "--for", paramLabel = "AGENT", defaultValue = "claude", completionCandidates = AgentNames.class,
            description = "The agent whose hook this is, so whose format the answer takes: claude (default), codex,"
                    + " gemini, cursor or copilot.")
    String agent;

    @Option(names = "--heartbeat-only",
            description = "Only the event's heartbeat: print nothing, mark nothing read, and at a stop set waiting"
                    + " (GHP's hook scripts, whose output GHP discards).")
    boolean heartbeatOnly;

    /** A hook must not fail on arguments a newer install added: exit 2 would block Claude Code. */
    @CommandLine.Unmatched
    List<String> unmatched = new ArrayList<>();

    HookRunCommand(Io io, Environment env) {
        this(io, env, new HookWarnings(io.err()));
    }

    private HookRunCommand(Io io, Environment env, HookWarnings warnings) {
        super(new Io(io.out(), new PrintWriter(warnings, true), io.in(), io.afterOutput()), env);
        this.warnings = warnings;
    }

    /** This run's stderr, held until it is known whose hook this is ({@link HookWarnings}). */
    private final HookWarnings warnings;
    /** Where Gemini CLI's hook warnings go, once the repository is known. */
    private volatile Path warningsLog;

    /** This run's budget inside its agent's time limit, set when it starts. */
    private HookBudget budget;
    /** The messages the answer carries: marked read only once it reached the agent ({@link AfterOutput}). */
    private volatile MessageDigest delivered = MessageDigest.empty();
    private volatile String deliveredTo;
    /** Whether the agent's inbox holds only files no delivery can read: removed after the answer, like a delivery. */
    private volatile boolean unusableSeen;

    @Override
    protected int run() {
        if (HookEvent.parse(event).orElse(null) == HookEvent.WAKE) {
            // It waits for up to an hour, outside the budget of a hook the agent waits for. Its stderr
            // is what wakes the agent (Claude Code shows it to the model): never held back.
            warnings.toStderr();
            return new WakeWait(this, io, env).run(agent);
        }
        try {
            return answerWithinBudget();
        } finally {
            if (HookAgent.parse(agent).orElse(null) == HookAgent.GEMINI) {
                warnings.toLog(warningsLog);
            } else {
                warnings.toStderr();
            }
        }
    }

    private int answerWithinBudget() {
        budget = HookBudget.start(env);
        // The work runs on a thread of its own so that no wait in it (a sync with a remote that
        // trickles, a lock held by another process) outlasts the budget: past it, the run gives up
        // with nothing printed, and so with nothing marked read. In its own JVM the thread ends with
        // the process; in the daemon it finishes its wait, and what it decided is dropped.
        CompletableFuture<String> answer = new CompletableFuture<>();
        Thread worker = new Thread(() -> answer.complete(answerSafely()), "ghp-hook-run");
        worker.setDaemon(true);
        worker.start();
        String text;
        try {
            text = answer.get(budget.remaining().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            io.err().println("ghp: hook " + Printable.line(event) + ": gave up after " + budget.budget().toSeconds()
                    + "s, its budget inside the agent's time limit (" + HookBudget.VARIABLE + "); nothing was printed"
                    + " or marked read");
            return ExitCode.OK;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCode.OK;
        }
        io.out().print(text);
        MessageDigest shown = delivered;
        if (!shown.isEmpty() || unusableSeen) {
            io.afterOutput().add(() -> markRead(shown));
        }
        return ExitCode.OK;
    }

    /** The second step of a delivery, once its text reached the agent; a failure leaves the messages unread. */
    private void markRead(MessageDigest shown) {
        try {
            new HookDelivery(deliveredTo, env.clock().instant()).markShown(store(), shown);
        } catch (RuntimeException e) {
            io.err().println("ghp: hook " + Printable.line(event) + ": the messages shown stay unread and will come"
                    + " again: " + Printable.line(e.getMessage()));
        }
    }

    /**
     * The hook's lock waits end within its budget: a write that cannot have the lock in time fails
     * as a busy lock does, and the run goes on without it.
     */
    @Override
    protected GitRefStore gitStore() {
        if (budget == null) {
            return super.gitStore();
        }
        AbandonedRefLock refLocks = new AbandonedRefLock(settings().store().refLockAge().value());
        return new GitRefStore(repo().repository(), env.clock(), budget.lockWait(), budget.retryBudget(),
                () -> settings().store().history().value(), refLocks).writtenBy(caller().writtenBy()).callerVariables(env.variables());
    }

    /** What the run prints; every failure told on stderr, and nothing printed for it. */
    private String answerSafely() {
        StringWriter text = new StringWriter();
        try {
            answer(new PrintWriter(text));
            return text.toString();
        } catch (GhpException e) {
            io.err().println("ghp: hook " + Printable.line(event) + ": " + Printable.line(e.getMessage()));
            if (e.hint() != null) {
                io.err().println("hint: " + Printable.line(e.hint()));
            }
            if (verbose && e.getCause() != null) {
                e.getCause().printStackTrace(io.err());
            }
        } catch (RuntimeException e) {
            io.err().println("ghp: hook " + Printable.line(event) + ": internal error: " + Printable.line(String.valueOf(e)));
            if (verbose) {
                e.printStackTrace(io.err());
            }
        }
        delivered = MessageDigest.empty();
        unusableSeen = false;
        return "";
    }

    /** The stale rule for checking blocker notices; none when the settings do not read (those notices are then unverified). */
    private StaleDetector deliveryStaleRule() {
        try {
            return staleDetector(null);
        } catch (GhpException e) {
            return null;
        }
    }

    /** The heartbeat syncs by itself, before the briefing is read (see {@link #heartbeat}). */
    @Override
    protected boolean syncsAfterWrite() {
        return false;
    }

    /** A hook's notices sent at once fail as its syncs do: silently (recorded for agent-status). */
    @Override
    java.io.PrintWriter sendWarnings() {
        return new java.io.PrintWriter(java.io.Writer.nullWriter());
    }

    private void answer(PrintWriter out) {
        if (!unmatched.isEmpty()) {
            io.err().println("ghp: hook " + Printable.line(event) + ": ignoring unknown arguments "
                    + Printable.quote(String.join(" ", unmatched)));
        }
        HookAgent caller = HookAgent.parse(agent).orElseThrow(() -> new UsageException(
                "unknown agent '" + Printable.quote(agent) + "' for --for", "use " + HookAgent.names()));
        HookEvent which = caller.event(event).orElseThrow(() -> new UsageException(
                "unknown hook event '" + Printable.quote(event) + "'",
                "use post-tool-use, stop, session-start, user-prompt-submit, notification, stop-failure, pre-tool-use,"
                        + " post-tool-use-failure, session-end or subagent-start"));
        String hooksSwitch = env.get(HOOKS_SWITCH);
        if (hooksSwitch != null && List.of("0", "off", "false", "no").contains(hooksSwitch.toLowerCase(Locale.ROOT))) {
            return;
        }
        HookInput input = "1".equals(env.get("GHP_STDIN_TTY")) ? HookInput.none() : HookInput.read(io.in());
        if (input.problem() != null) {
            io.err().println("ghp: hook " + which + ": " + input.problem() + "; using the current directory");
        }
        Path dir = where(input);
        if (!RepoLocator.isInsideRepository(dir, env.variables())) {
            // Hooks installed for the user fire in every project; outside git there is nothing to record.
            return;
        }
        directory = dir;
        warningsLog = repo().commonDir().resolve(HookWarnings.LOG);
        if (which == HookEvent.PRE_TOOL_USE) {
            out.print(editGuard(caller, input, dir));
            return;
        }
        syncBeforeReadQuietly();
        SpawnContext spawn = spawnContext();
        Snapshot seen = store().read();
        AgentIdentity identity = sessionIdentity(which, input, seen);
        if (!input.inSubagent()) {
            // The session itself is at work (or ends): its wake, if it waits, is no longer needed. A
            // subagent's tool call is not: it may run in the background while its parent is idle.
            WakeWaiters.superseded(repo().commonDir(), identity.name(), which);
        }
        AgentRecord current = seen.status().agents().get(identity.name());
        if (which == HookEvent.SESSION_END || which == HookEvent.SUBAGENT_START || input.inSubagent()) {
            // Not the session's own conversation: nothing of its inbox is delivered or marked read (#23).
            out.print(sessionEvent(which, caller.dialect(), identity, spawn, input, current));
            return;
        }

        boolean beats = which != HookEvent.NOTIFICATION || HookPlan.waitsForHuman(input.notificationType());
        if (heartbeatOnly || input.runner().strangerTo(caller).isPresent() || !caller.dialect().readsOutputOf(input)) {
            // Nobody shows the model what this run would print (GHP discards its scripts' output;
            // another tool running Claude Code's hook does not read Claude Code's format; Cursor's
            // afterFileEdit is observe-only): it only
            // heartbeats, and every message stays unread for a run that shows it (#23).
            if (beats) {
                HookPlan.heartbeat(which, current).ifPresent(beat -> heartbeat(identity, spawn, beat));
            }
            return;
        }
        HookDialect dialect = caller.dialect();
        if (which == HookEvent.STOP) {
            // A Stop that blocks keeps the turn going: the agent is not waiting for its human, so the
            // reply is decided first, and the Stop's heartbeat (waiting) is made only when the turn ends.
            HookReply reply = reply(which, dialect, identity.name(), spawn, null, input, seen);
            if (reply.blockReason() == null) {
                HookPlan.heartbeat(which, current).ifPresent(beat -> heartbeat(identity, spawn, beat));
            }
            out.print(dialect.render(which, reply));
            return;
        }
        String problem = !beats ? null
                : HookPlan.heartbeat(which, current).map(beat -> heartbeat(identity, spawn, beat)).orElse(null);
        out.print(dialect.render(which, reply(which, dialect, identity.name(), spawn, problem, input, seen)));
    }

    /**
     * The edit guard ({@link EditAuthority}): the files the tool call edits against the record,
     * refused in the agent's own deny format, or "" to let the edit go. It reads only: no sync
     * (a read of the remote on every edit would cost more than the guard), no heartbeat (the tool
     * call's post-tool-use makes it), no write. Every failure lets the edit go, as
     * {@link #answerSafely} prints nothing for it: a hook never blocks an agent on its own failure,
     * and the commit guard is the last line (docs/authority.md, "The edit guard").
     *
     * @param dir the session's directory, which a relative path in the tool's input is relative to
     */
    private String editGuard(HookAgent caller, HookInput input, Path dir) {
        if (!settings().editGuard().value()) {
            return "";
        }
        List<String> named = EditTargets.named(caller, input);
        RepoContext rc = repo();
        if (named.isEmpty() || rc.worktree() == null) {
            return "";
        }
        List<String> paths = EditTargets.inWorktree(named, dir, rc.worktree());
        if (paths.isEmpty()) {
            return "";
        }
        String me = input.sessionId() == null ? identity(null).name()
                : new SessionNames(repo().commonDir()).lookup(worktreeIdentity(null).name(), input.sessionId())
                        .orElse(worktreeIdentity(null).name());
        // agent-status's judgement of who is live, from the committed settings alone, as for the commit
        // guard: the editor's own GHP_STALE_AFTER must not make the holders it would overrule stale.
        StaleDetector detector = committedStaleDetector();
        return EditAuthority.refusal(paths, store().read().status(), me, detector, SharedFilesSetting.read(settings()),
                        env.clock().instant())
                .map(reason -> caller.dialect().render(HookEvent.PRE_TOOL_USE, HookReply.block(reason)))
                .orElse("");
    }

    /** Where the session is: -C, else the event's cwd, else Claude Code's project dir, else here. */
    Path where(HookInput input) {
        if (directory != null) {
            return env.workingDirectory().resolve(directory);
        }
        for (String candidate : Arrays.asList(input.cwd(), env.get("CLAUDE_PROJECT_DIR"))) {
            if (candidate != null && !candidate.isBlank()) {
                Path p = Path.of(candidate);
                if (p.isAbsolute() && Files.isDirectory(p)) {
                    return p;
                }
            }
        }
        return env.workingDirectory();
    }

    /**
     * Records the event's heartbeat as a quiet agent-heartbeat would, then the automatic sync after
     * a write. A failure is told on stderr as agent-heartbeat tells it, and returned in one line
     * for the agent's context; null when the heartbeat went through.
     */
    private String heartbeat(AgentIdentity identity, SpawnContext spawn, HookPlan.Beat beat) {
        try {
            // A second session's agent does not ask for the branch's issue: the worktree's first session holds it.
            Integer issue = SessionNames.SOURCE.equals(identity.source()) ? null : contextIssue(spawn);
            HeartbeatOutcome outcome = new HeartbeatRun(this).record(
                    HeartbeatRequest.fromHook(identity, beat.status(), beat.throttle(), issue));
            if (outcome.committed()) {
                autoSync();
            }
            return null;
        } catch (RuntimeException e) {
            Cli.report(e, io.err(), false);
            return Cli.problem(e);
        }
    }

    /**
     * What the agent is told after the event, before it is put in the agent's format: its
     * briefing with its unread messages at session start; its unread messages after a tool call or
     * a prompt; at a Stop, once, a reason to go on when an unread message needs its action. Every
     * message told is marked read once the answer reached the agent. {@code seen} is the snapshot read before the heartbeat: whether
     * anything is unread is a directory lookup in it, so a hook with nothing to deliver reads no more.
     */
    private HookReply reply(HookEvent which, HookDialect dialect, String name, SpawnContext spawn, String heartbeatProblem,
                            HookInput input, Snapshot seen) {
        HookDelivery delivery = new HookDelivery(name, env.clock().instant(), deliveryStaleRule());
        deliveredTo = name;
        unusableSeen = delivery.onlyUnusable(seen);
        return switch (which) {
            case SESSION_START -> {
                MessageDigest messages = delivering(dialect.showsContext(which) ? delivery.digest(seen) : MessageDigest.empty());
                yield HookReply.context(briefing(name, spawn, heartbeatProblem).with(
                        new SessionBriefing.Extras(messages.text(), syncNote(), memories(name, spawn))).render()
                        + sessionNote(name));
            }
            // Delivered only where the agent reads it: a message marked read must have been shown.
            case POST_TOOL_USE, USER_PROMPT_SUBMIT -> dialect.showsContext(which)
                    ? HookReply.context(delivering(delivery.digest(seen)).text()) : HookReply.none();
            // After a block, Claude Code's next Stop says stop_hook_active: never block it again (no
            // loop); Cursor drops a follow-up after an aborted turn or at its cap (blockReaches).
            // Agents that send no such sign are bounded by our own record (StopBlocks).
            case STOP -> !dialect.showsBlock(which) || !dialect.blockReaches(input) ? HookReply.none()
                    : blockOnce(name, delivery, seen);
            case NOTIFICATION, STOP_FAILURE, PRE_TOOL_USE, POST_TOOL_USE_FAILURE, SESSION_END, SUBAGENT_START,
                    WAKE -> HookReply.none();
        };
    }

    /**
     * The agent a hook run speaks for: the worktree's, or the name this session took when another
     * session holds the worktree's ({@link SessionNames}). A subagent or an ending session only
     * looks its session's name up; it never takes one.
     */
    AgentIdentity sessionIdentity(HookEvent which, HookInput input, Snapshot seen) {
        AgentIdentity base = worktreeIdentity(null);
        String session = input.sessionId();
        if (session == null || session.isBlank()) {
            return base;
        }
        SessionNames names = new SessionNames(repo().commonDir());
        String name;
        if (which == HookEvent.SESSION_END || which == HookEvent.WAKE || input.inSubagent()) {
            // These speak for a session that has its name already, or for none: they never take one.
            name = names.lookup(base.name(), session).orElse(base.name());
        } else {
            Instant now = env.clock().instant();
            StaleDetector detector = hookStaleDetector();
            name = names.take(base.name(), session, input.teammateName(), n -> {
                AgentRecord r = seen.status().agents().get(n);
                return r != null && !r.isDone() && !detector.view(n, r, now).stale();
            }, now);
        }
        return name.equals(base.name()) ? base : new AgentIdentity(name, SessionNames.SOURCE);
    }

    /**
     * A hook run outside the session's own conversation: a subagent's start is told its parent's
     * claim; a session's end gives its name back and marks the agent done (not for a clear or a
     * resume); a subagent's tool call refreshes its parent's heartbeat. None delivers a message.
     */
    private String sessionEvent(HookEvent which, HookDialect dialect, AgentIdentity identity, SpawnContext spawn,
                                HookInput input, AgentRecord current) {
        switch (which) {
            case SUBAGENT_START -> {
                return dialect.render(which, HookReply.context(SubagentBriefing.render(briefing(identity.name(), spawn, null))));
            }
            case SESSION_END -> {
                if (input.inSubagent()) {
                    return "";
                }
                if (input.sessionId() != null) {
                    new SessionNames(repo().commonDir()).release(input.sessionId());
                }
                if (SessionEnds.ends(input.endReason()) && SessionEnds.marks(current)) {
                    recordEnd(identity, spawn, input.endReason());
                }
                return "";
            }
            default -> {
                HookPlan.subagentHeartbeat(which, current).ifPresent(beat -> heartbeat(identity, spawn, beat));
                return "";
            }
        }
    }

    /** The agent's {@code done} at its session's end, as {@code ghp agent-heartbeat --status done} records it. */
    private void recordEnd(AgentIdentity identity, SpawnContext spawn, String reason) {
        try {
            HeartbeatOutcome outcome = new HeartbeatRun(this).record(new HeartbeatRequest(identity, null, AgentStatus.DONE,
                    SessionEnds.action(reason), null, null, false, null, contextIssue(spawn)));
            if (outcome.committed()) {
                autoSync();
            }
        } catch (RuntimeException e) {
            Cli.report(e, io.err(), false);
        }
    }

    /** For a session that took a name of its own: which, and how its shell commands speak as it. */
    private String sessionNote(String name) {
        String worktreeName = worktreeIdentity(null).name();
        if (name.equals(worktreeName)) {
            return "";
        }
        return "Another session works in this worktree as \"" + Printable.line(worktreeName) + "\"; you are \""
                + Printable.line(name) + "\". Run ghp commands as GHP_AGENT=" + name + " ghp … (in Claude Code they"
                + " find your name by your session themselves).\n";
    }

    /** A Stop's block, at most once per agent per {@link StopBlocks#WINDOW}; the messages then wait unread. */
    private HookReply blockOnce(String name, HookDelivery delivery, Snapshot seen) {
        StopBlocks blocks = new StopBlocks(repo().commonDir());
        Instant now = env.clock().instant();
        if (!blocks.allow(name, now)) {
            return HookReply.none();
        }
        MessageDigest digest = delivering(delivery.digestIfActionNeeded(seen));
        if (!digest.isEmpty()) {
            blocks.record(name, now);
        }
        return HookReply.block(digest.text());
    }

    /** Keeps the digest the answer carries, to mark read once the answer has reached the agent. */
    private MessageDigest delivering(MessageDigest digest) {
        delivered = digest;
        return digest;
    }

    private SessionBriefing briefing(String name, SpawnContext spawn, String heartbeatProblem) {
        RepoContext rc = repo();
        return SessionBriefing.from(store().read(), name, rc.worktree() == null ? null : rc.worktree().toString(),
                rc.branch(), contextIssue(spawn), env.clock().instant(), hookStaleDetector(), heartbeatProblem);
    }

    /** This clone's sync as the briefing tells it; null when it cannot be known (a bad remote setting). */
    private SyncNote syncNote() {
        try {
            String remote = settings().sync().remote().value(null);
            boolean exists = repo().repository().getRemoteNames().contains(remote);
            return new SyncState(repo().commonDir()).read(remote)
                    .map(e -> new SyncNote(remote, exists, e.lastAttempt(), e.lastSuccess(), e.lastError()))
                    .orElse(new SyncNote(remote, exists, null, null, null));
        } catch (GhpException e) {
            return null;
        }
    }

    /**
     * The few memories mem0 holds of the agent's issue; none when mem0 is not set up, the agent
     * has no issue, or mem0 does not answer in time (one note on stderr: the briefing goes on).
     */
    private List<String> memories(String name, SpawnContext spawn) {
        try {
            Mem0Settings mem0 = Mem0Settings.from(settings().mem0());
            if (mem0 == null) {
                return List.of();
            }
            Snapshot snapshot = store().read();
            AgentRecord record = snapshot.status().agents().get(name);
            Integer issue = record != null && record.issue() != null ? record.issue() : contextIssue(spawn);
            if (issue == null) {
                return List.of();
            }
            IssueMemories.Found found = IssueMemories.find(mem0, snapshot, name, issue);
            if (found.problem() != null) {
                io.err().println("ghp: hook session-start: no memories from mem0: " + Printable.line(found.problem()));
            }
            return found.memories();
        } catch (GhpException e) {
            io.err().println("ghp: hook session-start: no memories from mem0: " + Printable.line(e.getMessage()));
            return List.of();
        }
    }

    /** The stale rule of other commands; a broken setting leaves the defaults, and never costs the agent its briefing. */
    private StaleDetector hookStaleDetector() {
        try {
            Settings.Stale stale = settings().stale();
            return new StaleDetector(staleAfter(), stale.waitingAfter().value(), java.util.Set.copyOf(stale.leads().value()));
        } catch (GhpException e) {
            return new StaleDetector(staleAfter());
        }
    }

    /** Like the stale limit of other commands, but a bad GHP_STALE_AFTER does not cost the agent its briefing. */
    private Duration staleAfter() {
        return settings().stale().after().valueIgnoringInvalidEnvironment();
    }

    /** Completion candidates for --for. */
    static final class AgentNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(HookAgent.values()).map(HookAgent::id).iterator();
        }
    }

    /** Completion candidates for the event. */
    static final class EventNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(HookEvent.values()).map(HookEvent::cliName).iterator();
        }
    }
}

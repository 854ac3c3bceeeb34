package dev.ghp.agents.cli;

import dev.ghp.agents.config.Settings;
import dev.ghp.agents.errors.GhpException;
import dev.ghp.agents.errors.NotFoundHere;
import dev.ghp.agents.git.RepoContext;
import dev.ghp.agents.git.RepoLocator;
import dev.ghp.agents.input.AgentIdentity;
import dev.ghp.agents.input.BranchIssue;
import dev.ghp.agents.input.SpawnContext;
import dev.ghp.agents.rules.StaleDetector;
import dev.ghp.agents.store.AbandonedRefLock;
import dev.ghp.agents.store.AddressedWrites;
import dev.ghp.agents.store.CoordinationStore;
import dev.ghp.agents.store.GitRefStore;
import dev.ghp.agents.store.Decided;
import dev.ghp.agents.store.Decision;
import dev.ghp.agents.store.Snapshot;
import dev.ghp.agents.sync.RemoteCheck;
import dev.ghp.agents.sync.SyncSettings;
import dev.ghp.agents.sync.SyncState;
import dev.ghp.agents.sync.Syncs;
import dev.ghp.agents.text.Durations;
import dev.ghp.agents.text.Printable;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Option;

/**
 * What every agent command shares: the common options, the environment and output it was given,
 * and lazy access to the repository, its configuration and the store. Subclasses implement
 * {@link #run()} and throw {@link dev.ghp.agents.errors.GhpException}s; they never exit.
 */
public abstract class BaseCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print JSON (with a schemaVersion) instead of text.")
    protected boolean json;

    @Option(names = "--verbose", description = "Print a stack trace with internal errors.")
    protected boolean verbose;

    @Option(names = "-C", paramLabel = "DIR", description = "Run as if started in DIR.")
    protected Path directory;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    protected boolean help;

    protected final Io io;
    protected final Environment env;
    private RepoContext repo;
    private Settings settings;
    private boolean committed;
    /** Whether this command synced before its read: a write after it is then sent at once. */
    private boolean syncedBeforeRead;
    /** Whether a write of this command is addressed to someone ({@link AddressedWrites}): it is sent at once. */
    private boolean addressed;

    protected BaseCommand(Io io, Environment env) {
        this.io = io;
        this.env = env;
    }

    protected abstract int run();

    @Override
    public final Integer call() {
        dev.ghp.agents.trace.Trace.mark("parsed");
        try {
            int code = run();
            if (code == 0 && committed && syncsAfterWrite()) {
                autoSync();
            }
            return code;
        } catch (NotFoundHere e) {
            throw mayBeOnTheRemote(e);
        } finally {
            if (repo != null) {
                repo.repository().close();
            }
        }
    }

    /**
     * What the local record lacks may be on the sync remote: says so, with when this clone last
     * synced and how to sync; the exit code stays the one of {@code e}. As it was when the clone has
     * no sync remote.
     */
    private GhpException mayBeOnTheRemote(NotFoundHere e) {
        if (repo == null) {
            return e;
        }
        String remote;
        try {
            remote = settings().sync().remote().value(null);
        } catch (GhpException unreadable) {
            return e;
        }
        if (!Syncs.hasRemote(repo, remote)) {
            return e;
        }
        Optional<SyncState.Entry> last = new SyncState(repo.commonDir()).read(remote);
        Instant synced = last.map(SyncState.Entry::lastSuccess).orElse(null);
        String when = synced == null ? "never synced from this clone"
                : "last synced " + Durations.brief(Duration.between(synced, env.clock().instant()).abs()) + " ago";
        return e.onRemote(Printable.line(remote), when);
    }

    protected RepoContext repo() {
        if (repo == null) {
            Path start = directory == null ? env.workingDirectory() : env.workingDirectory().resolve(directory);
            repo = RepoLocator.open(start, env.variables());
            dev.ghp.agents.trace.Trace.mark("repository open");
        }
        return repo;
    }

    /** The settings, from {@code .ghp/config.json} and the caller's environment, read once. */
    protected Settings settings() {
        if (settings == null) {
            settings = Settings.load(repo().mainWorktree(), env.variables());
            dev.ghp.agents.trace.Trace.mark("config read");
        }
        return settings;
    }

    /** GHP's context for an agent it started ({@code GHP_SPAWN_CONTEXT}), or null. */
    protected SpawnContext spawnContext() {
        return SpawnContext.parse(env.get(SpawnContext.VARIABLE));
    }

    /**
     * Who is speaking: {@code flag} (the command's {@code --agent}), else as {@link AgentIdentity}
     * says. The repository is opened only when the name comes from its worktree, so a bad name is
     * refused as bad input (exit 2) before any repository is looked for.
     */
    protected AgentIdentity identity(String flag) {
        AgentIdentity found = worktreeIdentity(flag);
        return flag == null ? sessionIdentity(found) : found;
    }

    /** {@link #identity} before a session's own name ({@link SessionNames}) is looked up: the name a worktree's first session has. */
    protected AgentIdentity worktreeIdentity(String flag) {
        return AgentIdentity.resolve(flag, env.variables(), spawnContext(), () -> repo().worktree());
    }

    /**
     * The name the caller's session took in this worktree when another session held the worktree's
     * (docs/decisions.md, "#23 sessions"), found by the session id the agent gives its commands
     * (Claude Code's {@code CLAUDE_CODE_SESSION_ID}); {@code found} otherwise, and on any failure.
     */
    private AgentIdentity sessionIdentity(AgentIdentity found) {
        String session = env.get(SessionNames.CLAUDE_SESSION_VARIABLE);
        if (session == null || session.isBlank()) {
            return found;
        }
        try {
            return new SessionNames(repo().commonDir()).lookup(found.name(), session.trim())
                    .map(name -> new AgentIdentity(name, SessionNames.SOURCE)).orElse(found);
        } catch (dev.ghp.agents.errors.GhpException e) {
            return found;
        }
    }

    /** The issue an agent works on when nothing names it: GHP's context, else the branch's name, else null. */
    protected Integer contextIssue(SpawnContext spawn) {
        return spawn != null && spawn.issueNumber() != null
                ? spawn.issueNumber() : BranchIssue.of(repo().branch()).orElse(null);
    }

    /**
     * The stale limit: the flag's value when given, else {@code GHP_STALE_AFTER}, else
     * {@code agents.staleAfter}, else 10 minutes.
     */
    protected Duration staleLimit(Duration flag) {
        return settings().stale().after().value(flag);
    }

    /**
     * The stale rule: {@link #staleLimit}, and {@code agents.waitingStaleAfter} for agents that wait
     * and for {@code agents.leads}.
     */
    protected StaleDetector staleDetector(Duration flag) {
        Settings.Stale stale = settings().stale();
        return new StaleDetector(staleLimit(flag), stale.waitingAfter().value(), java.util.Set.copyOf(stale.leads().value()));
    }

    /**
     * The stale rule of the committed {@code .ghp/config.json} alone ({@code agents.staleAfter},
     * {@code agents.waitingStaleAfter}, {@code agents.leads}), as {@link #staleDetector} judges with
     * it: for a judgement about other agents that the caller's own environment must not sway (the
     * commit guard), which then agrees with agent-status on who waits and who leads.
     */
    protected StaleDetector committedStaleDetector() {
        Settings.Stale stale = settings().stale();
        return new StaleDetector(stale.after().fileValue(), stale.waitingAfter().fileValue(),
                java.util.Set.copyOf(stale.leads().fileValue()));
    }

    /**
     * A store on the repository; closing it is left to this command (the repository is shared).
     * A write through it that commits makes the command sync afterwards when {@code agents.autoSync} is on.
     */
    protected CoordinationStore store() {
        GitRefStore store = gitStore();
        return new CoordinationStore() {
            @Override
            public Snapshot read() {
                return store.read();
            }

            @Override
            public <T> Decided<T> decide(Decision.Maker<T> maker) {
                List<String> leads = leads();
                // The maker may run more than once (a lost race): the last run's change is the one committed.
                boolean[] addressedChange = new boolean[1];
                Decided<T> decided = store.decide(snapshot -> {
                    Decision<T> made = NoticesBound.added(maker.decide(snapshot), snapshot);
                    Decision<T> decision = leads.isEmpty() ? made
                            : LeadsTold.added(made, snapshot, leads, env.clock().instant());
                    addressedChange[0] = AddressedWrites.addressed(decision.change());
                    return decision;
                });
                committed |= decided.write().committed();
                addressed |= decided.write().committed() && addressedChange[0];
                return decided;
            }
        };
    }

    /** {@code agents.leads}; none when the settings cannot be read (the write itself says why, if it reads them). */
    private List<String> leads() {
        try {
            return settings().stale().leads().value();
        } catch (GhpException e) {
            return List.of();
        }
    }

    /**
     * The store as it is on disk, with the history limits of {@code agents.history} (asked for on
     * the first write) and the ref-lock age of {@code GHP_REF_LOCK_AGE} (a bad one is refused here,
     * before anything is read, rather than only when a lock happens to be in the way); writes
     * through it are not followed by the automatic sync.
     */
    protected GitRefStore gitStore() {
        AbandonedRefLock refLocks = new AbandonedRefLock(settings().store().refLockAge().value());
        return new GitRefStore(repo().repository(), env.clock(), () -> settings().store().history().value(), refLocks)
                .writtenBy(caller().writtenBy()).callerVariables(env.variables());
    }

    /** Who runs this command: an agent in its session, or a person (#24). */
    protected AgentCaller caller() {
        return new AgentCaller(env, () -> identity(null).name(), () -> repo().repository());
    }

    /** Whether a write by this command is followed by the automatic sync (not for agent-sync itself). */
    protected boolean syncsAfterWrite() {
        return true;
    }

    /**
     * The write stands whatever happens here: any problem is a warning on stderr. A command that
     * does more after its write (a hook run's briefing) calls it itself, between the two. After a
     * sync before this command's read, and after a write addressed to someone (a message, an
     * answer, an escalation, a handoff), it runs whatever the interval says, so the write is not
     * left for the next interval.
     */
    void autoSync() {
        try {
            SyncSettings settings = SyncSettings.resolve(null, settings());
            if (settings.autoSync().isPresent() && addressed) {
                Syncs.sendNow(repo(), settings, env.variables(), env.clock(), sendWarnings());
            } else if (settings.autoSync().isPresent()) {
                Syncs.autoSync(repo(), settings, env.variables(), env.clock(), io.err(), Syncs.Occasion.AFTER_WRITE,
                        syncedBeforeRead);
            }
        } catch (GhpException e) {
            io.err().println("ghp: warning: automatic sync skipped: " + e.getMessage());
        }
    }

    /** Where a failed send of an addressed write is told: stderr (a hook run says nothing). */
    PrintWriter sendWarnings() {
        return io.err();
    }

    /**
     * For a command that goes on after an addressed write (agent-escalate --wait waits for the
     * answer to the escalation it opened): sends the write now rather than when the command ends.
     */
    void sendAddressedWriteNow() {
        if (addressed) {
            sendNow();
        }
    }

    /**
     * For a command that waits after a write that others must see during the wait (the wait
     * recorded as waiting, {@link WaitHeartbeat}): with {@code agents.autoSync} on, sends what it
     * wrote now rather than when the command ends.
     */
    void sendWriteNow() {
        if (committed) {
            sendNow();
        }
    }

    /** Sends what this command wrote, once; the end of the command then has no addressed write left to send. */
    private void sendNow() {
        addressed = false;
        try {
            SyncSettings settings = SyncSettings.resolve(null, settings());
            Syncs.sendNow(repo(), settings, env.variables(), env.clock(), io.err());
        } catch (GhpException e) {
            io.err().println("ghp: warning: automatic sync skipped: " + e.getMessage());
        }
    }

    /**
     * Before a read (agent-status and each --watch frame, agent-inbox, a hook run): the automatic
     * sync when {@code agents.autoSync} is on and the last one is older than its interval, so reads
     * are as fresh as writes; otherwise the look at the remote ({@link RemoteCheck}: in the daemon's
     * background, else here when due), which syncs only when the remote's record moved. Never fails
     * the read: a problem is one warning on {@code notes}, and the local record is read. With autoSync off it costs nothing: the settings it looks at are
     * the ones every reading command loads anyway.
     */
    void syncBeforeRead() {
        syncBeforeRead(io.err());
    }

    /** As {@link #syncBeforeRead()} for a hook run, which stays silent: a failure is only recorded (agent-status shows it). */
    void syncBeforeReadQuietly() {
        syncBeforeRead(new PrintWriter(Writer.nullWriter()));
    }

    private void syncBeforeRead(PrintWriter notes) {
        try {
            if (settings().sync().autoSync().value().isEmpty()) {
                return;
            }
            SyncSettings settings = SyncSettings.resolve(null, settings());
            syncedBeforeRead |= Syncs.autoSync(repo(), settings, env.variables(), env.clock(), notes,
                    Syncs.Occasion.BEFORE_READ, false).isPresent();
            if (!syncedBeforeRead) {
                RemoteCheck.beforeRead(repo(), settings, env.variables(), env.clock());
            }
        } catch (GhpException e) {
            notes.println("ghp: warning: automatic sync skipped: " + e.getMessage());
        }
    }

    /**
     * For a {@code --wait} loop (which runs in its own JVM): the look at the remote when it is due,
     * so that a wait returns when another clone's write reaches the remote. Silent; with autoSync
     * or the remote check off it does nothing.
     */
    Runnable remoteLook() {
        Runnable answers = gitHubAnswersWhileWaiting();
        SyncSettings settings;
        try {
            settings = SyncSettings.resolve(null, settings());
        } catch (GhpException e) {
            return answers;
        }
        if (!RemoteCheck.enabled(settings)) {
            return answers;
        }
        return () -> {
            RemoteCheck.beforeRead(repo(), settings, env.variables(), env.clock());
            answers.run();
        };
    }

    /**
     * While an agent waits ({@code --wait}, the wake), answers given on GitHub are read too, at most
     * once per {@code agents.github.answersInterval} (#24: an answer must reach the agent that waits
     * for it, not only whoever runs agent-status). Silent: a wait's output, or a wake's stderr the
     * model reads, is not the place for GitHub's warnings; agent-status shows what was not read.
     */
    private Runnable gitHubAnswersWhileWaiting() {
        Settings.GitHub gitHub;
        try {
            gitHub = settings().github();
            gitHub.answersInterval().value();
        } catch (GhpException e) {
            return () -> { };
        }
        Io quiet = new Io(io.out(), new PrintWriter(Writer.nullWriter()), io.in(), io.afterOutput());
        long[] due = {Long.MIN_VALUE};
        return () -> {
            long now = System.nanoTime();
            if (due[0] != Long.MIN_VALUE && now - due[0] < 0) {
                return;
            }
            due[0] = now + gitHub.answersInterval().value().toNanos();
            new GitHubAnswering(quiet, env, gitHub, repo(), store(), staleDetector(null), false).read();
        };
    }
}

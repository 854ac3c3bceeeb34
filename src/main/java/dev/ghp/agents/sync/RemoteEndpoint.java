package dev.ghp.agents.sync;

import dev.ghp.agents.errors.Cancellation;
import dev.ghp.agents.errors.StateException;
import dev.ghp.agents.errors.UsageException;
import dev.ghp.agents.text.Printable;
import dev.ghp.agents.model.StorePaths;
import dev.ghp.agents.store.AbandonedRefLock;
import dev.ghp.agents.store.RefUpdateCheck;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.time.Duration;
import dev.ghp.agents.text.Durations;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.errors.NotSupportedException;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectChecker;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.ObjectWalk;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.transport.FetchConnection;
import org.eclipse.jgit.transport.PackLock;
import org.eclipse.jgit.transport.PushConnection;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteConfig;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;

/**
 * One git remote as the sync sees it: fetch its {@code refs/ghp/coordination} into the private
 * tracking ref {@code refs/ghp/remotes/<name>/coordination} (branches are never touched), and push a
 * new tip with a lease on the value fetched.
 *
 * <p>It talks to the remote through JGit's connections directly rather than {@code FetchCommand}
 * and {@code PushCommand}: a missing ref is an answer ("not set up yet"), not an exception; no
 * auto-gc is started by a fetch (docs/design.md#jgit-facts-that-bite); and the repository's pre-push hook is not run for
 * the coordination ref (docs/decisions.md).
 */
public final class RemoteEndpoint {

    /** What became of a push. */
    public enum PushStatus { OK, UP_TO_DATE, LEASE_LOST, REJECTED }

    /** @param message the remote's reason for a rejection (scrubbed), or null */
    public record PushOutcome(PushStatus status, String message) {
    }

    /**
     * Fetched objects are checked as git's fsck would, except for tree entry names git would not
     * check out ({@code ..}, {@code .git}, a name with a slash): a sync leaves those files out
     * ({@link IncomingRecordCheck}) and takes the rest, where refusing the whole pack would stop every
     * clone's sync for one entry.
     */
    private static final ObjectChecker FETCH_CHECK = new ObjectChecker().setIgnore(EnumSet.of(
            ObjectChecker.ErrorType.EMPTY_NAME, ObjectChecker.ErrorType.FULL_PATHNAME, ObjectChecker.ErrorType.HAS_DOT,
            ObjectChecker.ErrorType.HAS_DOTDOT, ObjectChecker.ErrorType.HAS_DOTGIT, ObjectChecker.ErrorType.BAD_UTF8,
            ObjectChecker.ErrorType.WIN32_BAD_NAME));

    static {
        // git:// through a transport whose reads end and whose socket a deadline can close: JGit's
        // own left an abandoned fetch blocked for good (docs/decisions.md, "A git:// read ends (#22)").
        GitDaemonTransport.install();
    }

    private final Repository repo;
    private final String name;
    private final RemoteConfig config;
    private final Secrets secrets;
    private final GitHubCredentials credentials;
    /** How often a fetch or push under way looks whether its command was cancelled. */
    private static final long CANCELLATION_POLL_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(200);

    private final int timeoutSeconds;
    private final AbandonedRefLock refLocks;
    /** The command's variables: the ones a transport's child process gets. */
    private final Map<String, String> variables;
    /** {@link System#nanoTime()} at which a transport's child process is stopped, or 0 for none. */
    private long childDeadlineNanos;
    /** Connections opened to fetch and to push, for the counts in {@link SyncState}. */
    private int fetches;
    private int pushes;
    /** The whole time a fetch or push may take once {@link #stopChildrenAfter} set one, else null. */
    private Duration limit;
    /** The transport and connection of the operation under way: what a deadline closes. */
    private final List<AutoCloseable> open = new java.util.concurrent.CopyOnWriteArrayList<>();

    private RemoteEndpoint(Repository repo, String name, RemoteConfig config, Secrets secrets,
                           GitHubCredentials credentials, int timeoutSeconds, Map<String, String> variables,
                           AbandonedRefLock refLocks) {
        this.variables = Map.copyOf(variables);
        this.refLocks = refLocks;
        this.repo = repo;
        this.name = name;
        this.config = config;
        this.secrets = secrets;
        this.credentials = credentials;
        this.timeoutSeconds = timeoutSeconds;
    }

    /**
     * @param fromFlag whether the name was given on the command line (a wrong one is then a usage error)
     * @param refLocks when a ref lock left in the way (on the tracking ref, on a local remote) is abandoned
     */
    public static RemoteEndpoint resolve(Repository repo, String name, boolean fromFlag, Map<String, String> env,
                                         Duration timeout, AbandonedRefLock refLocks) {
        if (!Repository.isValidRefName(trackingRef(name)) || name.contains("..")) {
            throw new UsageException("'" + Printable.quote(name) + "' is not a valid remote name");
        }
        RemoteConfig rc;
        try {
            rc = new RemoteConfig(repo.getConfig(), name);
        } catch (URISyntaxException e) {
            throw new StateException("the URL of remote '" + name + "' is not valid: " + Secrets.from(env).scrub(e.getMessage()),
                    "look at it with: git remote -v");
        }
        if (rc.getURIs().isEmpty() && rc.getPushURIs().isEmpty()) {
            String message = "this repository has no remote named '" + name + "'";
            String hint = "add one with: git remote add " + name + " URL" + (fromFlag ? "" : " (or set agents.remote in .ghp/config.json)");
            if (fromFlag) {
                throw new UsageException(message, hint);
            }
            throw new StateException(message, hint);
        }
        int seconds = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toSeconds()));
        return new RemoteEndpoint(repo, name, rc, Secrets.from(env), GitHubCredentials.from(env), seconds, env, refLocks);
    }

    /**
     * Ends every fetch and push with this remote once {@code limit} from now has passed, and stops
     * any process a transport starts ({@code GIT_SSH}) then: the transport's timeout only bounds
     * each wait for data, so a remote that trickles a byte at a time, or a child that hangs, would
     * otherwise hold the command past the limit (docs/decisions.md, "An overall deadline for the
     * transport (#22)").
     */
    public RemoteEndpoint stopChildrenAfter(Duration limit) {
        this.limit = limit;
        childDeadlineNanos = System.nanoTime() + limit.toNanos();
        if (childDeadlineNanos == 0) {
            childDeadlineNanos = 1;
        }
        return this;
    }

    public static String trackingRef(String remote) {
        return "refs/ghp/remotes/" + remote + "/coordination";
    }

    /**
     * The record both sides held when the last sync with this remote ended: the base of a merge
     * between lines that share no commit any more (one side pruned its history since).
     */
    public static String syncedRef(String remote) {
        return "refs/ghp/remotes/" + remote + "/synced";
    }

    /** The commit {@link #syncedRef} names, or null. */
    public ObjectId synced() {
        try {
            Ref ref = repo.exactRef(syncedRef(name));
            return ref == null ? null : ref.getObjectId();
        } catch (IOException e) {
            return null;
        }
    }

    /** Records that both sides hold {@code tip}; a failure only costs a less precise base later. */
    public void markSynced(ObjectId tip) {
        try {
            RefUpdate update = repo.updateRef(syncedRef(name));
            update.disableRefLog();
            update.setForceUpdate(true);
            update.setNewObjectId(tip);
            update.update();
        } catch (IOException e) {
            // the next sync records it
        }
    }

    public String name() {
        return name;
    }

    public String trackingRef() {
        return trackingRef(name);
    }

    /** The remote's URL without any password, safe to print. */
    public String displayUrl() {
        List<URIish> uris = config.getURIs().isEmpty() ? config.getPushURIs() : config.getURIs();
        URIish uri = uris.get(0).setPass(null);
        return Printable.line(secrets.scrub(uri.toString()));
    }

    /** How many fetches and pushes this endpoint started (an {@link #advertisedTip} is neither: a look is counted apart). */
    public int fetches() {
        return fetches;
    }

    public int pushes() {
        return pushes;
    }

    /**
     * The commit the remote's {@code refs/ghp/coordination} names now, or null when it has none:
     * the remote's advertisement alone (what {@code git ls-remote} reads), no object is fetched.
     */
    public ObjectId advertisedTip() {
        try (Transport transport = open(Transport.Operation.FETCH);
             FetchConnection conn = transport.openFetch()) {
            Ref ref = conn.getRef(StorePaths.REF);
            return ref == null || ref.getObjectId() == null ? null : ref.getObjectId().copy();
        } catch (TransportException | NotSupportedException e) {
            throw unreachable("look at", e);
        }
    }

    /** The remote's tip as this clone last fetched or pushed it ({@link #trackingRef()}), or null. */
    public ObjectId trackedTip() {
        try {
            Ref ref = repo.exactRef(trackingRef());
            return ref == null ? null : ref.getObjectId();
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Fetches the remote's record into the tracking ref.
     *
     * @return the remote's tip, or null when the remote has no record yet ("not set up yet")
     */
    public ObjectId fetch() {
        fetches++;
        return withinDeadline("fetch from", this::fetchNow);
    }

    private ObjectId fetchNow() {
        try (Transport transport = open(Transport.Operation.FETCH)) {
            RefSpec spec = new RefSpec("+" + StorePaths.REF + ":" + trackingRef());
            try (FetchConnection conn = opened(transport.openFetch(List.of(spec)))) {
                Ref ref = conn.getRef(StorePaths.REF);
                if (ref == null || ref.getObjectId() == null) {
                    setTracking(null);
                    return null;
                }
                ObjectId tip = ref.getObjectId().copy();
                if (!repo.getObjectDatabase().has(tip)) {
                    conn.fetch(NullProgressMonitor.INSTANCE, List.of(ref), Set.of());
                    checkComplete(tip);
                }
                setTracking(tip);
                for (PackLock lock : conn.getPackLocks()) {
                    lock.unlock();
                }
                return tip;
            }
        } catch (TransportException | NotSupportedException e) {
            throw unreachable("fetch from", e);
        } catch (IOException e) {
            throw unreachable("fetch from", e);
        }
    }

    /**
     * Pushes {@code tip} if the remote still holds {@code expected} (null: if it has no record yet).
     * The remote checks the old value again when it applies the update, so the lease also holds
     * against a writer that comes in between. With {@code rewrite}, {@code tip} may leave out the
     * remote's history (a pruned line that took in the remote's content): a forced update, still
     * only if the remote holds {@code expected}.
     */
    public PushOutcome push(ObjectId tip, ObjectId expected, boolean rewrite) {
        pushes++;
        return withinDeadline("push to", () -> pushNow(tip, expected, rewrite));
    }

    private PushOutcome pushNow(ObjectId tip, ObjectId expected, boolean rewrite) {
        try (Transport transport = open(Transport.Operation.PUSH);
             PushConnection conn = opened(transport.openPush())) {
            Ref advertised = conn.getRef(StorePaths.REF);
            ObjectId now = advertised == null ? null : advertised.getObjectId();
            if (!Objects.equals(now, expected)) {
                return new PushOutcome(PushStatus.LEASE_LOST, null);
            }
            if (tip.equals(now)) {
                return new PushOutcome(PushStatus.UP_TO_DATE, null);
            }
            RemoteRefUpdate update = new RemoteRefUpdate(repo, (String) null, tip, StorePaths.REF, rewrite, null,
                    expected == null ? ObjectId.zeroId() : expected);
            conn.push(NullProgressMonitor.INSTANCE, Map.of(StorePaths.REF, update));
            return switch (update.getStatus()) {
                case OK -> {
                    setTracking(tip);
                    yield new PushOutcome(PushStatus.OK, null);
                }
                case UP_TO_DATE -> new PushOutcome(PushStatus.UP_TO_DATE, null);
                case REJECTED_NONFASTFORWARD, REJECTED_REMOTE_CHANGED -> new PushOutcome(PushStatus.LEASE_LOST, null);
                default -> new PushOutcome(PushStatus.REJECTED, secrets.scrub(
                        update.getMessage() == null ? update.getStatus().toString() : update.getMessage()));
            };
        } catch (TransportException | NotSupportedException e) {
            throw unreachable("push to", e);
        } catch (IOException e) {
            throw unreachable("push to", e);
        }
    }

    /**
     * Runs {@code operation} on a thread of its own (it inherits the command's variables) and waits
     * for it until the deadline at most: then the transport and its connection are closed, which
     * ends a read that waits or trickles, and the command goes on with a one-line error (exit 5).
     */
    private <T> T withinDeadline(String what, java.util.function.Supplier<T> operation) {
        // Without a deadline (agent-sync by hand) the operation still runs on its own thread: a
        // command cancelled meanwhile must be able to close its connection (a silent git:// remote
        // held a daemon worker past JGit's read timeout).
        open.clear();
        java.util.concurrent.FutureTask<T> task = new java.util.concurrent.FutureTask<>(operation::get);
        Thread worker = new Thread(task, "ghp-transport-" + name);
        worker.setDaemon(true);
        worker.start();
        try {
            return awaitUnlessCancelled(task, worker);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            abandon(worker);
            throw new StateException("cannot " + what + " remote '" + name + "' (" + displayUrl() + "): no complete answer within "
                    + Durations.brief(limit), "the local record is kept; run 'ghp agent-sync' again when the remote can be reached");
        } catch (InterruptedException e) {
            abandon(worker);
            Thread.currentThread().interrupt();
            throw new StateException("interrupted while syncing with '" + name + "'", null);
        }
    }

    /**
     * The operation's result by the deadline; a command cancelled meanwhile (its caller went away)
     * closes the connection at once rather than wait for the remote for nobody.
     */
    private <T> T awaitUnlessCancelled(java.util.concurrent.FutureTask<T> task, Thread worker)
            throws java.util.concurrent.ExecutionException, java.util.concurrent.TimeoutException, InterruptedException {
        Cancellation cancellation = Cancellation.current();
        while (true) {
            long left = limit == null ? Long.MAX_VALUE : childDeadlineNanos - System.nanoTime();
            try {
                return task.get(Math.max(1, Math.min(left, CANCELLATION_POLL_NANOS)), java.util.concurrent.TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                if (left <= CANCELLATION_POLL_NANOS) {
                    throw e;
                }
            }
            if (cancellation.isCancelled()) {
                abandon(worker);
                throw new Cancellation.Cancelled("interrupted while syncing with '" + name + "'");
            }
        }
    }

    /** Closes what the operation has open, so its thread ends instead of waiting on the remote for ever. */
    private void abandon(Thread worker) {
        for (AutoCloseable c : open) {
            try {
                c.close();
            } catch (Exception e) {
                // it is being abandoned: a failure to close says nothing more
            }
        }
        worker.interrupt();
    }

    private <C extends AutoCloseable> C opened(C connection) {
        open.add(connection);
        return connection;
    }

    private Transport open(Transport.Operation op) throws NotSupportedException, TransportException {
        Transport transport = opened(Transport.open(repo, config, op));
        transport.setTimeout(timeoutSeconds);
        transport.setCheckFetchedObjects(true);
        transport.setObjectChecker(FETCH_CHECK);
        transport.setRemoveDeletedRefs(false);
        // A push sends the new agent table as a delta against the one the remote holds (a thin
        // pack, as git push sends), not whole: JGit's default sends each new blob in full, so what
        // one heartbeat pushed grew with the table (issue #21, src/bench/heartbeat-scale.sh).
        transport.setPushThin(true);
        if (credentials != null) {
            transport.setCredentialsProvider(credentials);
        }
        String gitSsh = variables.get("GIT_SSH");
        if (transport instanceof SshTransport ssh && gitSsh != null && !gitSsh.isEmpty()) {
            // JGit would start GIT_SSH with the JVM's variables; this starts it with the command's.
            ssh.setSshSessionFactory(new ExternalSsh(gitSsh, variables, repo, childDeadlineNanos));
        }
        return transport;
    }

    /** A peer must send the whole graph under the tip; walking it finds any object it left out. */
    private void checkComplete(ObjectId tip) throws IOException {
        try (ObjectWalk walk = new ObjectWalk(repo)) {
            walk.markStart(walk.parseAny(tip));
            Ref local = repo.exactRef(StorePaths.REF);
            if (local != null && local.getObjectId() != null && repo.getObjectDatabase().has(local.getObjectId())) {
                walk.markUninteresting(walk.parseAny(local.getObjectId()));
            }
            while (walk.next() != null) {
                // commits
            }
            for (RevObject o = walk.nextObject(); o != null; o = walk.nextObject()) {
                walk.getObjectReader().open(o); // throws MissingObjectException when absent
            }
        } catch (MissingObjectException e) {
            throw new StateException("the remote '" + name + "' sent an incomplete record (" + e.getObjectId().name()
                    + " is missing); nothing was changed here", "try again; if it persists, check the remote with: git fsck");
        }
    }

    private void setTracking(ObjectId tip) throws IOException {
        for (int attempt = 0; attempt < 2; attempt++) {
            RefUpdate update = repo.updateRef(trackingRef());
            update.disableRefLog();
            update.setForceUpdate(true);
            RefUpdate.Result result;
            if (tip == null) {
                if (repo.exactRef(trackingRef()) == null) {
                    return;
                }
                result = update.delete();
            } else {
                update.setNewObjectId(tip);
                result = update.update();
            }
            if (!locked(result) || !refLocks.removeIfAbandoned(
                    new File(repo.getCommonDirectory(), trackingRef() + ".lock"))) {
                // The tracking ref only caches the remote's state; a sync that cannot update it goes on.
                return;
            }
        }
    }

    /** Whether a tracking ref update failed on a lock, the one failure worth clearing and retrying. */
    private boolean locked(RefUpdate.Result result) {
        try {
            return RefUpdateCheck.check(result, trackingRef()) == RefUpdateCheck.Outcome.LOCKED;
        } catch (StateException e) {
            return false;
        }
    }

    /**
     * A ref lock left by a killed process blocks every later update of the ref. On this clone's
     * tracking ref we hold the sync lock, so an old one is abandoned. On a remote in a directory of
     * this machine, JGit's receive-pack ran inside a ghp process: if that process was killed while
     * updating the ref, its lock stays until removed; after the {@link AbandonedRefLock} age no live
     * update can still own it (an update holds it for milliseconds).
     *
     * @return whether a lock was removed (worth trying again)
     */
    public boolean removeAbandonedRemoteLock() {
        List<URIish> uris = config.getPushURIs().isEmpty() ? config.getURIs() : config.getPushURIs();
        if (uris.isEmpty()) {
            return false;
        }
        URIish uri = uris.get(0);
        if (uri.getHost() != null || (uri.getScheme() != null && !"file".equals(uri.getScheme()))) {
            return false;
        }
        File dir = new File(uri.getPath());
        File gitDir = new File(dir, "refs").isDirectory() ? dir : new File(dir, ".git");
        return refLocks.removeIfAbandoned(new File(gitDir, StorePaths.REF + ".lock"));
    }

    private StateException unreachable(String what, Exception e) {
        String detail = secrets.scrub(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        String lower = detail.toLowerCase(java.util.Locale.ROOT);
        String hint;
        if (lower.contains("auth") || lower.contains("not authorized") || lower.contains("401") || lower.contains("403")) {
            hint = "for GitHub over https set GITHUB_TOKEN or GH_TOKEN; for ssh, check your key with: ssh -T git@github.com";
        } else if (lower.contains("not found") || lower.contains("not a git") || lower.contains("does not exist")) {
            hint = "check the remote's URL with: git remote -v";
        } else {
            hint = "the local record is kept; run 'ghp agent-sync' again when the remote can be reached";
        }
        return new StateException("cannot " + what + " remote '" + name + "' (" + displayUrl() + "): "
                + Printable.line(detail), hint, e);
    }
}

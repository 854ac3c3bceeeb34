package dev.ghp.agents.store;

import dev.ghp.agents.errors.StateException;
import dev.ghp.agents.model.StatusCodec;
import dev.ghp.agents.model.StatusDocument;
import dev.ghp.agents.model.StorePaths;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevSort;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The agent table as it was at each commit of {@code refs/ghp/coordination}: the history a
 * timeline is drawn from. Read without a lock (commits are immutable); each distinct status blob
 * is parsed once, however many commits share it.
 */
public final class CoordinationHistory {
    private final Repository repo;

    /** The caller's variables for git when it verifies signatures, or null: this process's own. */
    private final Map<String, String> caller;

    public CoordinationHistory(Repository repo) {
        this(repo, null);
    }

    public CoordinationHistory(Repository repo, Map<String, String> callerVariables) {
        this.repo = repo;
        this.caller = callerVariables;
    }

    /**
     * The agent table at one commit.
     *
     * @param committed    when the commit was made
     * @param status       the agent table in its tree
     * @param parentAgents the agents in its parents' tables (all parents: a merge has several), so
     *                     that an agent missing here was removed by this very commit
     * @param writtenBy    who made the commit, as its trailers say; null when they say nothing
     * @param changed      the agents whose entry this commit wrote (added, changed or removed against
     *                     its first parent): the ones it is "who wrote what" for
     * @param signature    whether the commit is signed by a key the user's git config trusts (#24)
     */
    public record State(Instant committed, StatusDocument status, Set<String> parentAgents, WrittenBy writtenBy,
                        Set<String> changed, CommitSignature signature) {
    }

    /**
     * What was read.
     *
     * @param states     oldest first: every commit since {@code from}, preceded by the last one before it
     *                   (the state the window opens on), when there is one
     * @param unreadable commits whose agent table could not be parsed (skipped, never fatal for a view of the past)
     */
    public record Result(List<State> states, int unreadable) {
    }

    public Result since(Instant from) {
        List<State> states = new ArrayList<>();
        int unreadable = 0;
        Map<ObjectId, StatusDocument> parsed = new HashMap<>();
        List<ObjectId> ids = new ArrayList<>();
        Map<ObjectId, Boolean> signed = new HashMap<>();
        try (RevWalk walk = new RevWalk(repo); ObjectReader reader = repo.newObjectReader()) {
            Ref ref = repo.exactRef(StorePaths.REF);
            if (ref == null || ref.getObjectId() == null) {
                return new Result(List.of(), 0);
            }
            walk.sort(RevSort.COMMIT_TIME_DESC);
            walk.markStart(walk.parseCommit(ref.getObjectId()));
            for (RevCommit c : walk) {
                Instant when = c.getCommitterIdent().getWhenAsInstant();
                StatusDocument doc = table(reader, c, parsed);
                if (doc == null) {
                    unreadable++;
                } else {
                    Set<String> parentAgents = new TreeSet<>();
                    StatusDocument first = c.getParentCount() == 0 ? StatusDocument.empty() : null;
                    for (RevCommit parent : c.getParents()) {
                        walk.parseHeaders(parent);
                        StatusDocument before = table(reader, parent, parsed);
                        if (before != null) {
                            parentAgents.addAll(before.agents().keySet());
                        }
                        if (parent == c.getParent(0)) {
                            first = before;
                        }
                    }
                    states.add(new State(when, doc, parentAgents, WrittenBy.of(c), changed(first, doc),
                            CommitSignature.NONE));
                    ids.add(c.copy());
                    byte[] signature = c.getRawGpgSignature();
                    if (signature != null) {
                        signed.put(c.copy(), VerdictCache.isSsh(signature));
                    }
                }
                if (when.isBefore(from)) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new StateException("cannot read the history of " + StorePaths.REF + ": " + e.getMessage(),
                    "check the repository with: git fsck", e);
        }
        Map<ObjectId, CommitSignature> verdicts = CommitSignature.verify(repo, signed, caller);
        for (int i = 0; i < states.size(); i++) {
            CommitSignature verdict = verdicts.get(ids.get(i));
            if (verdict != null) {
                State s = states.get(i);
                states.set(i, new State(s.committed(), s.status(), s.parentAgents(), s.writtenBy(), s.changed(), verdict));
            }
        }
        java.util.Collections.reverse(states);
        return new Result(states, unreadable);
    }

    /** The agents whose entry differs between the two tables; every agent of {@code after} when {@code before} is unreadable. */
    private static Set<String> changed(StatusDocument before, StatusDocument after) {
        Set<String> out = new TreeSet<>();
        if (before == null) {
            out.addAll(after.agents().keySet());
            return out;
        }
        after.agents().forEach((name, r) -> {
            if (!r.equals(before.agents().get(name))) {
                out.add(name);
            }
        });
        before.agents().keySet().stream().filter(name -> !after.agents().containsKey(name)).forEach(out::add);
        return out;
    }

    /** The commit's agent table, parsed once per blob; null when it does not parse. */
    private static StatusDocument table(ObjectReader reader, RevCommit c, Map<ObjectId, StatusDocument> parsed) throws IOException {
        ObjectId blob = statusBlob(reader, c);
        if (blob == null) {
            return StatusDocument.empty();
        }
        if (parsed.containsKey(blob)) {
            return parsed.get(blob);
        }
        StatusDocument doc;
        try {
            doc = StatusCodec.parse(reader.open(blob, Constants.OBJ_BLOB).getCachedBytes(16 << 20));
        } catch (StatusCodec.FormatException e) {
            doc = null;
        }
        parsed.put(blob, doc);
        return doc;
    }

    private static ObjectId statusBlob(ObjectReader reader, RevCommit c) throws IOException {
        try (TreeWalk tw = TreeWalk.forPath(reader, StorePaths.STATUS, c.getTree())) {
            return tw == null || tw.getFileMode(0).getObjectType() != Constants.OBJ_BLOB ? null : tw.getObjectId(0);
        }
    }
}

package dev.ghp.agents.sync;

import dev.ghp.agents.errors.StateException;
import dev.ghp.agents.model.StatusCodec;
import dev.ghp.agents.merge.FileContent;
import dev.ghp.agents.merge.RecordTree;
import dev.ghp.agents.model.StorePaths;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.RevFilter;
import org.eclipse.jgit.treewalk.TreeWalk;

/** The coordination record's history as stored in the repository: commits are named by their ids. */
public final class GitHistory implements History<ObjectId> {
    /** The record holds small text files; a remote that sends a huge one is refused, not loaded. */
    static final int MAX_FILE = dev.ghp.agents.store.RecordValidation.MAX_TABLE_BYTES;

    private final Repository repo;
    /** What is taken of each tree read; null takes everything. */
    private final IncomingRecordCheck check;
    private final Map<ObjectId, RecordTree> trees = new HashMap<>();
    private final Map<ObjectId, RecordTree> rawTrees = new HashMap<>();
    private final Map<ObjectId, Set<String>> agentsByBlob = new HashMap<>();

    public GitHistory(Repository repo) {
        this(repo, null);
    }

    /** A history whose trees are what {@code check} admits of them (a sync's, for a remote's commits). */
    GitHistory(Repository repo, IncomingRecordCheck check) {
        this.repo = repo;
        this.check = check;
    }

    /** The commit's tree without what the check leaves out. */
    @Override
    public RecordTree tree(ObjectId commit) {
        RecordTree raw = rawTree(commit);
        return check == null ? raw : trees.computeIfAbsent(commit.copy(), c -> check.admitted(raw));
    }

    /** The commit's tree as stored, every file in it. */
    RecordTree rawTree(ObjectId commit) {
        return rawTrees.computeIfAbsent(commit.copy(), this::readTree);
    }

    private RecordTree readTree(ObjectId commitId) {
        try (RevWalk walk = new RevWalk(repo); TreeWalk tw = new TreeWalk(repo)) {
            RevCommit commit = walk.parseCommit(commitId);
            tw.addTree(commit.getTree());
            tw.setRecursive(true);
            TreeMap<String, FileContent> files = new TreeMap<>();
            while (tw.next()) {
                if (tw.getFileMode(0).getObjectType() != Constants.OBJ_BLOB) {
                    continue;
                }
                ObjectId blob = tw.getObjectId(0);
                files.put(tw.getPathString(), FileContent.lazy(blob.name(), () -> load(blob)));
            }
            return new RecordTree(files);
        } catch (IOException e) {
            throw unreadable(commitId, e);
        }
    }

    private byte[] load(ObjectId blob) {
        try (ObjectReader reader = repo.newObjectReader()) {
            ObjectLoader loader = reader.open(blob, Constants.OBJ_BLOB);
            if (loader.getSize() > MAX_FILE) {
                throw new StateException("a file of the coordination record (" + blob.name() + ") is "
                        + loader.getSize() + " bytes, over the " + MAX_FILE + " this tool reads; nothing was changed",
                        "look at it with: git ls-tree -r -l " + StorePaths.REF);
            }
            return loader.getCachedBytes(MAX_FILE);
        } catch (IOException e) {
            throw unreadable(blob, e);
        }
    }

    @Override
    public List<ObjectId> mergeBases(ObjectId a, ObjectId b) {
        try (RevWalk walk = new RevWalk(repo)) {
            walk.setRevFilter(RevFilter.MERGE_BASE);
            walk.markStart(walk.parseCommit(a));
            walk.markStart(walk.parseCommit(b));
            List<ObjectId> bases = new ArrayList<>();
            for (RevCommit c = walk.next(); c != null; c = walk.next()) {
                bases.add(c.copy());
            }
            bases.sort(Comparator.comparing(ObjectId::name));
            return bases;
        } catch (IOException e) {
            throw unreadable(a, e);
        }
    }

    @Override
    public Map<String, Instant> signOffs(List<ObjectId> tips, List<ObjectId> bases) {
        try (RevWalk walk = new RevWalk(repo)) {
            for (ObjectId tip : tips) {
                walk.markStart(walk.parseCommit(tip));
            }
            for (ObjectId base : bases) {
                walk.markUninteresting(walk.parseCommit(base));
            }
            Map<String, Instant> newest = new HashMap<>();
            for (RevCommit c = walk.next(); c != null; c = walk.next()) {
                if (c.getParentCount() != 1) {
                    continue;
                }
                Set<String> after = agents(c);
                Instant when = c.getCommitterIdent().getWhenAsInstant();
                for (String name : agents(walk.parseCommit(c.getParent(0)))) {
                    if (!after.contains(name)) {
                        newest.merge(name, when, (a, b) -> a.isAfter(b) ? a : b);
                    }
                }
            }
            return newest;
        } catch (IOException e) {
            throw unreadable(tips.get(0), e);
        }
    }

    private Set<String> agents(RevCommit commit) throws IOException {
        try (ObjectReader reader = repo.newObjectReader();
             TreeWalk tw = TreeWalk.forPath(reader, StorePaths.STATUS, commit.getTree())) {
            if (tw == null) {
                return Set.of();
            }
            ObjectId blob = tw.getObjectId(0).copy();
            Set<String> names = agentsByBlob.get(blob);
            if (names == null) {
                try {
                    names = Set.copyOf(StatusCodec.parse(load(blob)).agents().keySet());
                } catch (StatusCodec.FormatException e) {
                    names = Set.of();
                }
                agentsByBlob.put(blob, names);
            }
            return names;
        }
    }

    private static StateException unreadable(ObjectId id, IOException e) {
        return new StateException("cannot read " + id.name() + " of the coordination history: " + e.getMessage(),
                "check the repository with: git fsck", e);
    }
}

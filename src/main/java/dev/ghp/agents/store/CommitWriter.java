package dev.ghp.agents.store;


import dev.ghp.agents.errors.StateException;
import dev.ghp.agents.model.StatusCodec;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.dircache.InvalidPathException;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Writes the blobs, trees and commits of the record. Every commit ghp writes (a local write, a
 * merge, a prune's record, a rehearsal) is built by {@link #insert}, one template (as Gerrit's
 * {@code AbstractChangeUpdate.apply}), so they all carry the author and the history trailer the
 * same way.
 */
final class CommitWriter {
    private final Repository repo;
    private final Clock clock;
    /** Who makes this process's commits (its trailers), or null: none said. */
    private WrittenBy writtenBy;
    private final CommitSigning signing;

    CommitWriter(Repository repo, Clock clock) {
        this.repo = repo;
        this.clock = clock;
        this.signing = new CommitSigning(repo);
    }

    void writtenBy(WrittenBy who) {
        this.writtenBy = who;
    }

    void callerVariables(Map<String, String> variables) {
        signing.callerVariables(variables);
    }

    /**
     * Writes the blobs, trees and commit; returns null when the tree would not change, unless the
     * commit is a merge (a merge records that the other line was taken in, whatever its tree). With
     * {@code limits} (a local write) and history due for pruning, the commit goes on top of the
     * pruned history instead of the tip.
     */
    PendingCommit write(GitSnapshot current, Change change, ObjectId mergeParent, HistoryLimits limits) {
        try (ObjectInserter ins = repo.newObjectInserter(); ObjectReader reader = repo.newObjectReader()) {
            ObjectId tree = buildTree(current, change, ins, reader);
            if (mergeParent == null && tree.equals(current.tree())) {
                return null;
            }
            Instant now = clock.instant();
            ObjectId parent = current.commit();
            ObjectId firstParent = parent != null ? parent : mergeParent;
            HistoryTrailer trailer = HistoryTrailer.root(now);
            long pruned = 0;
            if (firstParent != null) {
                try (RevWalk walk = new RevWalk(repo)) {
                    HistoryTrailer below = LineHistory.trailerOf(walk, firstParent);
                    trailer = below.next();
                    Instant reference = LineHistory.ageReference(walk, firstParent, now);
                    if (limits != null && mergeParent == null && limits.due(trailer.generation(), trailer.since(), reference)) {
                        HistoryPruner pruner = new HistoryPruner(repo);
                        HistoryPruner.Plan plan = pruner.plan(walk, parent, limits, limits.maxCommits() - 1,
                                below.generation(), reference);
                        if (plan.removed() > 0) {
                            parent = pruner.rewrite(plan);
                            pruned = plan.removed();
                        }
                        Instant oldest = plan.oldestKept();
                        trailer = new HistoryTrailer(plan.kept().size() + 1, oldest == null ? now : oldest, pruned);
                    }
                }
            }
            ObjectId id = insert(ins, tree, parents(parent, mergeParent), trailer, change.message(), change.author(), now,
                    writtenBy, signing);
            ins.flush();
            return new PendingCommit(id, pruned);
        } catch (IOException e) {
            throw cannotWrite(e);
        }
    }

    /**
     * The whole of {@link #write} on top of the current tip, with nothing stored (object ids are
     * only computed), to warm the process up while another writer holds the lock.
     */
    void rehearse(GitSnapshot current, Change change) throws IOException {
        try (ObjectInserter dry = new ObjectInserter.Formatter(); ObjectReader reader = repo.newObjectReader();
             RevWalk walk = new RevWalk(repo)) {
            ObjectId tree = buildTree(current, change, dry, reader);
            Instant now = clock.instant();
            HistoryTrailer trailer = current.commit() == null
                    ? HistoryTrailer.root(now) : LineHistory.trailerOf(walk, current.commit()).next();
            // Unsigned: the result is thrown away, and a signature would only spend the time the rehearsal saves.
            insert(dry, tree, parents(current.commit(), null), trailer, change.message(), change.author(), now, writtenBy,
                    null);
        }
    }

    /** Who commits every write: the tool. No one's name is checked, so no one is named as committer. */
    static final String COMMITTER = "ghp-agents";
    /** The author's address: the name is the one the writer claimed (--agent, --by), which nothing verifies. */
    static final String CLAIMED_AUTHOR_EMAIL = "claimed-name@ghp-agents.invalid";

    /**
     * The one template for a commit: tree, parents (first parent first), the message with its
     * history trailer, the claimed author (marked as claimed by its address) and the tool as
     * committer, at {@code now} in UTC.
     */
    static ObjectId insert(ObjectInserter ins, ObjectId tree, List<ObjectId> parents, HistoryTrailer trailer,
            String message, String author, Instant now, CommitSigning signing) throws IOException {
        return insert(ins, tree, parents, trailer, message, author, now, null, signing);
    }

    /**
     * As above, with who made the commit in its trailers ({@code writtenBy} null: not said), signed
     * as the user's git config asks ({@code signing} null: never, for a commit that is not stored).
     */
    static ObjectId insert(ObjectInserter ins, ObjectId tree, List<ObjectId> parents, HistoryTrailer trailer,
            String message, String author, Instant now, WrittenBy writtenBy, CommitSigning signing) throws IOException {
        CommitBuilder commit = new CommitBuilder();
        commit.setTreeId(tree);
        commit.setParentIds(parents.toArray(new ObjectId[0]));
        commit.setAuthor(new PersonIdent(author, CLAIMED_AUTHOR_EMAIL, now, ZoneOffset.UTC));
        commit.setCommitter(new PersonIdent(COMMITTER, COMMITTER + "@ghp-agents.invalid", now, ZoneOffset.UTC));
        commit.setMessage(trailer.appendTo(message, writtenBy == null ? "" : writtenBy.trailers()));
        if (signing != null) {
            signing.sign(commit);
        }
        return ins.insert(commit);
    }

    /** The parents of a commit on {@code parent} (may be null: a root), merging {@code mergeParent} (may be null). */
    static List<ObjectId> parents(ObjectId parent, ObjectId mergeParent) {
        if (parent != null && mergeParent != null) {
            return List.of(parent, mergeParent);
        }
        if (parent != null) {
            return List.of(parent);
        }
        return mergeParent != null ? List.of(mergeParent) : List.of();
    }

    /** The blobs and trees of the change applied to the current tree; returns the new root tree. */
    private static ObjectId buildTree(GitSnapshot current, Change change, ObjectInserter ins, ObjectReader reader)
            throws IOException {
        DirCache index = DirCache.newInCore();
        if (current.tree() != null) {
            DirCacheBuilder builder = index.builder();
            try {
                builder.addTree(new byte[0], DirCacheEntry.STAGE_0, reader, current.tree());
            } catch (InvalidPathException e) {
                throw RecordShape.invalidPath(RecordShape.firstInvalidPath(reader, current.tree()).orElse(e.getMessage()));
            }
            builder.finish();
        }
        DirCacheEditor editor = index.editor();
        for (Map.Entry<String, Optional<byte[]>> edit : change.edits().entrySet()) {
            String path = edit.getKey();
            requireFileOrNothingAt(index, path);
            if (edit.getValue().isPresent()) {
                ObjectId blob = ins.insert(Constants.OBJ_BLOB, edit.getValue().get());
                // The next command reads this table: it need not decode the bytes just made from it.
                change.statusWrittenAs(edit.getValue().get())
                        .ifPresent(doc -> GitSnapshot.remember(blob, StatusCodec.asWritten(doc)));
                editor.add(new DirCacheEditor.PathEdit(path) {
                    @Override
                    public void apply(DirCacheEntry entry) {
                        entry.setFileMode(FileMode.REGULAR_FILE);
                        entry.setObjectId(blob);
                    }
                });
            } else {
                editor.add(new DirCacheEditor.DeletePath(path));
            }
        }
        editor.finish();
        return index.writeTree(ins);
    }

    /**
     * Refuses to write {@code path} over something that is not a file, or below something that is
     * not a directory: the current tree's entries, looked up by binary search in the sorted index
     * (a lookup per edit in the tree scanned the directory each time: 10,000 edits in a
     * 10,000-file inbox took seconds).
     */
    private static void requireFileOrNothingAt(DirCache index, String path) {
        int at = index.findEntry(path);
        if (at >= 0) {
            FileMode mode = index.getEntry(at).getFileMode();
            if (!FileMode.REGULAR_FILE.equals(mode) && !FileMode.EXECUTABLE_FILE.equals(mode)) {
                throw RecordShape.unexpected(path, mode, "a file");
            }
        } else {
            // Entries under path/ are contiguous from where path/ would be.
            int below = -(index.findEntry(path + "/") + 1);
            if (below < index.getEntryCount() && index.getEntry(below).getPathString().startsWith(path + "/")) {
                throw RecordShape.unexpected(path, FileMode.TREE, "a file");
            }
        }
        for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
            String dir = path.substring(0, slash);
            int file = index.findEntry(dir);
            if (file >= 0) {
                throw RecordShape.unexpected(dir, index.getEntry(file).getFileMode(), "a directory");
            }
        }
    }

    static StateException cannotWrite(IOException e) {
        return new StateException("cannot write to the object database: " + e.getMessage(),
                "check free disk space and that the git directory is writable", e);
    }
}

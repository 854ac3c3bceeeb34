package dev.ghp.agents.store;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.internal.storage.file.PackInserter;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Cuts the coordination ref's history down to its limits by rewriting the commits it keeps: the
 * oldest kept commit becomes a root and each newer one gets the rewritten one below it as parent.
 * Trees, authors, committers, dates and messages stay byte for byte as they were, so every file
 * the kept commits hold (escalations, handoffs) is still there. History is followed along first
 * parents only: a merge commit (from sync) keeps its merged tree and message and loses its second
 * parent, so the other side's old history does not stay reachable through it.
 *
 * <p>The rewritten commits go into one pack, written to a temporary file and renamed into place
 * on flush: thousands of commits cost one file, not thousands of loose objects, and a process
 * killed half way leaves only the temporary file, which the next prune removes.
 */
final class HistoryPruner {
    /** Temporary packs of a killed prune; any this old belongs to no live writer. */
    static final Duration ABANDONED_PACK_AGE = Duration.ofMinutes(1);

    private final Repository repo;

    HistoryPruner(Repository repo) {
        this.repo = repo;
    }

    /**
     * What a prune of the history under {@code tip} keeps and removes.
     *
     * @param kept    the commits kept, newest first (may be empty: all of them were too old)
     * @param removed how many commits of the first-parent chain are dropped
     */
    record Plan(ObjectId tip, List<RevCommit> kept, long removed) {
        long total() {
            return kept.size() + removed;
        }

        /** When the oldest kept commit was written, or null when none is kept. */
        Instant oldestKept() {
            return kept.isEmpty() ? null : Instant.ofEpochSecond(kept.get(kept.size() - 1).getCommitTime());
        }
    }

    /**
     * Walks the first-parent chain from {@code tip}: the newest commits are kept while they are
     * within {@code capacity} and within the age limit of {@code reference}; the first that is not, and all
     * below it, are removed. The removed part is not walked when {@code generation} (the chain's
     * length from the tip's trailer) says how long it is: a prune costs the commits it keeps.
     */
    Plan plan(RevWalk walk, ObjectId tip, HistoryLimits limits, int capacity, long generation, Instant reference)
            throws IOException {
        long cutoff = limits.cutoff(reference).getEpochSecond();
        List<RevCommit> kept = new ArrayList<>();
        RevCommit c = walk.parseCommit(tip);
        while (c != null && kept.size() < capacity && c.getCommitTime() >= cutoff) {
            kept.add(c);
            c = c.getParentCount() == 0 ? null : walk.parseCommit(c.getParent(0));
        }
        if (c == null) {
            return new Plan(tip, kept, 0);
        }
        if (generation > kept.size()) {
            return new Plan(tip, kept, generation - kept.size());
        }
        // The trailer undercounts (history edited by hand): count what goes.
        long removed = 0;
        while (c != null) {
            removed++;
            c = c.getParentCount() == 0 ? null : walk.parseCommit(c.getParent(0));
        }
        return new Plan(tip, kept, removed);
    }

    /** Writes the kept commits again, oldest first, into one pack; returns the new tip (null when none is kept). */
    ObjectId rewrite(Plan plan) throws IOException {
        removeAbandonedPacks();
        ObjectId parent = null;
        try (ObjectInserter ins = packInserter()) {
            for (int i = plan.kept().size() - 1; i >= 0; i--) {
                RevCommit c = plan.kept().get(i);
                parent = ins.insert(Constants.OBJ_COMMIT, withParent(c.getRawBuffer(), c.getTree(), parent));
            }
            ins.flush();
        }
        return parent;
    }

    private ObjectInserter packInserter() {
        if (repo instanceof FileRepository file) {
            PackInserter ins = file.getObjectDatabase().newPackInserter();
            // The default is the best (slowest) compression; commit objects are small and few per pack.
            ins.setCompressionLevel(Deflater.DEFAULT_COMPRESSION);
            // Every rewritten commit is new (its parent changed): looking each up first is wasted work.
            ins.checkExisting(false);
            return ins;
        }
        return repo.newObjectInserter();
    }

    /**
     * The raw commit with its tree and parent lines replaced: every other header (author, committer,
     * encoding) and the message are copied byte for byte. A signature ({@code gpgsig}) would no
     * longer verify and a {@code mergetag} belongs to a dropped second parent, so both are left out.
     */
    static byte[] withParent(byte[] raw, ObjectId tree, ObjectId parent) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length + 48);
        out.writeBytes(("tree " + tree.name() + "\n").getBytes(StandardCharsets.US_ASCII));
        if (parent != null) {
            out.writeBytes(("parent " + parent.name() + "\n").getBytes(StandardCharsets.US_ASCII));
        }
        int pos = 0;
        boolean dropping = false;
        while (pos < raw.length) {
            int end = pos;
            while (end < raw.length && raw[end] != '\n') {
                end++;
            }
            if (end == pos) {
                // The blank line that ends the headers: the message follows unchanged.
                out.write(raw, pos, raw.length - pos);
                return out.toByteArray();
            }
            boolean continuation = raw[pos] == ' ';
            if (!continuation) {
                dropping = startsWith(raw, pos, "tree ") || startsWith(raw, pos, "parent ")
                        || startsWith(raw, pos, "gpgsig") || startsWith(raw, pos, "mergetag ");
            }
            if (!dropping) {
                out.write(raw, pos, Math.min(end + 1, raw.length) - pos);
            }
            pos = end + 1;
        }
        return out.toByteArray();
    }

    private static boolean startsWith(byte[] raw, int pos, String prefix) {
        if (pos + prefix.length() > raw.length) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (raw[pos + i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * A prune killed before its flush leaves {@code objects/insert_*.pack} (and {@code .idx}) behind;
     * git ignores them but never deletes them. Only a prune writes them and prunes hold the write
     * lock, so one that has not been touched for a while is dead.
     */
    void removeAbandonedPacks() {
        File objects = repo instanceof FileRepository file
                ? file.getObjectDatabase().getDirectory() : new File(repo.getCommonDirectory(), Constants.OBJECTS);
        Instant before = Instant.now().minus(ABANDONED_PACK_AGE);
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(objects.toPath(), "insert_*.{pack,idx}")) {
            for (Path p : leftovers) {
                if (Files.getLastModifiedTime(p).toInstant().isBefore(before)) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            // Leftovers cost disk space only; the next prune tries again.
        }
    }
}

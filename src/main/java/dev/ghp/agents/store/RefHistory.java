package dev.ghp.agents.store;

import dev.ghp.agents.model.AgentRecord;
import dev.ghp.agents.model.StatusCodec;
import dev.ghp.agents.model.StatusDocument;
import dev.ghp.agents.model.StorePaths;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Reads the history of the coordination ref: how one agent's entry looked after each of the
 * recent commits that could have changed it. Reads take no lock; a history that cannot be read
 * gives what was read so far (history is context, never a reason to fail).
 */
public final class RefHistory {
    private final Repository repo;

    public RefHistory(Repository repo) {
        this.repo = repo;
    }

    /**
     * One version of an agent's entry.
     *
     * @param record the entry after the commit, or null when the agent had no entry then
     */
    public record Version(String commit, Instant committed, AgentRecord record) {
    }

    /**
     * The agent's entry after each of the newest {@code window} commits that it made or that name
     * it (a handoff to it, a release of its claims), oldest first.
     */
    public List<Version> agent(String name, int window) {
        List<Version> versions = new ArrayList<>();
        Map<ObjectId, Parsed> parsed = new HashMap<>();
        try (RevWalk walk = new RevWalk(repo); ObjectReader reader = repo.newObjectReader()) {
            Ref ref = repo.exactRef(StorePaths.REF);
            if (ref == null || ref.getObjectId() == null) {
                return versions;
            }
            walk.markStart(walk.parseCommit(ref.getObjectId()));
            int seen = 0;
            for (RevCommit c : walk) {
                if (seen++ >= window) {
                    break;
                }
                if (!name.equals(c.getAuthorIdent().getName()) && !mentions(c.getFullMessage(), name)) {
                    continue;
                }
                ObjectId blob;
                try (TreeWalk tw = TreeWalk.forPath(reader, StorePaths.STATUS, c.getTree())) {
                    blob = tw == null || tw.getFileMode(0).getObjectType() != Constants.OBJ_BLOB ? null : tw.getObjectId(0);
                }
                Parsed p = blob == null ? new Parsed(true, null) : parsed.computeIfAbsent(blob.copy(), id -> read(reader, id, name));
                if (p.readable()) {
                    versions.add(new Version(c.name(), Instant.ofEpochSecond(c.getCommitTime()), p.record()));
                }
            }
        } catch (IOException | RuntimeException e) {
            // History is context for a document: keep what was read.
        }
        Collections.reverse(versions);
        return versions;
    }

    private static boolean mentions(String message, String name) {
        for (String word : message.split("[\\s,;:()]+")) {
            if (word.equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** A version of the status file: the agent's entry in it, or unreadable (skipped). */
    private record Parsed(boolean readable, AgentRecord record) {
    }

    private static Parsed read(ObjectReader reader, ObjectId blob, String name) {
        try {
            StatusDocument doc = StatusCodec.parse(reader.open(blob).getCachedBytes(8 * 1024 * 1024));
            return new Parsed(true, doc.agents().get(name));
        } catch (IOException | StatusCodec.FormatException e) {
            return new Parsed(false, null);
        }
    }
}

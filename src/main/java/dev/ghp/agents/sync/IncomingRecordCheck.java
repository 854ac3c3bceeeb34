package dev.ghp.agents.sync;

import dev.ghp.agents.errors.StateException;
import dev.ghp.agents.merge.FileContent;
import dev.ghp.agents.merge.RecordTree;
import dev.ghp.agents.model.StorePaths;
import dev.ghp.agents.store.RecordValidation;
import dev.ghp.agents.text.Printable;
import java.io.IOException;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;

/**
 * What a sync takes of the trees it reads: every file {@link RecordValidation} accepts, and none it
 * refuses, so one bad file on a remote (malformed, oversized, misnamed, misplaced) is left out and
 * never spread, and all the rest still comes in. The verdict depends on the file alone (its path and
 * content), so every clone that sees the same file leaves out the same. Files the local record held
 * when the sync started are its own and are taken as they are (a pruned or older record is not
 * re-read file by file at every sync).
 */
final class IncomingRecordCheck {
    private final Repository repo;
    private final String remote;
    private final Map<String, String> trusted;
    /** Verdicts by path and blob id: a tree read again, or the same file in another commit, is not read twice. */
    private final Map<String, Optional<RecordValidation.Problem>> verdicts = new HashMap<>();
    private final SortedMap<String, String> leftOut = new TreeMap<>();

    /** @param local the local record's files when the sync starts, taken without a check */
    IncomingRecordCheck(Repository repo, String remote, RecordTree local) {
        this.repo = repo;
        this.remote = remote;
        Map<String, String> ids = new HashMap<>();
        local.files().forEach((path, content) -> ids.put(path, content.id()));
        this.trusted = ids;
    }

    /** {@code tree} without the files that fail; a file only a newer ghp-agents can judge stops the sync. */
    RecordTree admitted(RecordTree tree) {
        TreeMap<String, FileContent> kept = new TreeMap<>();
        for (Map.Entry<String, FileContent> file : tree.files().entrySet()) {
            String path = file.getKey();
            FileContent content = file.getValue();
            if (path.equals(StorePaths.STATUS) || content.id().equals(trusted.get(path))) {
                kept.put(path, content);
                continue;
            }
            Optional<RecordValidation.Problem> problem = verdicts.computeIfAbsent(path + "\0" + content.id(),
                    k -> judge(path, content));
            if (problem.isEmpty()) {
                kept.put(path, content);
            } else if (problem.get().newerSchema()) {
                throw new StateException("the record on '" + remote + "' holds " + Printable.line(path)
                        + ", " + problem.get().reason() + "; nothing was changed here", "upgrade ghp-agents");
            } else {
                leftOut.put(path, problem.get().reason());
            }
        }
        return kept.size() == tree.files().size() ? tree : new RecordTree(kept);
    }

    /** Every file left out so far, by path, with the reason. */
    SortedMap<String, String> leftOut() {
        return Collections.unmodifiableSortedMap(leftOut);
    }

    private Optional<RecordValidation.Problem> judge(String path, FileContent content) {
        long size;
        try (ObjectReader reader = repo.newObjectReader()) {
            size = reader.getObjectSize(ObjectId.fromString(content.id()), Constants.OBJ_BLOB);
        } catch (IOException e) {
            throw new StateException("cannot read " + content.id() + " of the coordination history: " + e.getMessage(),
                    "check the repository with: git fsck", e);
        }
        Optional<RecordValidation.Problem> early = RecordValidation.beforeReading(path, size);
        return early.isPresent() ? early : RecordValidation.problem(path, content.bytes());
    }
}

package dev.ghp.agents.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghp.agents.errors.StateException;
import dev.ghp.agents.errors.UsageException;
import dev.ghp.agents.handoff.HandoffFiles;
import dev.ghp.agents.handoff.MarkdownText;
import dev.ghp.agents.handoff.StoredHandoff;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.model.StorePaths;
import dev.ghp.agents.store.Snapshot;
import java.util.List;

/**
 * {@code agent-handoff --show}: the latest stored document of an issue, for the terminal (its
 * Markdown made safe to print), as JSON with the earlier ones listed, or into {@code --out}.
 */
final class HandoffShow {
    private final Io io;
    private final boolean json;
    private final boolean quiet;

    HandoffShow(Io io, boolean json, boolean quiet) {
        this.io = io;
        this.json = json;
        this.quiet = quiet;
    }

    /** Prints the latest handoff of {@code issue} in {@code snapshot}; none is bad usage, with the issues that have one. */
    void print(Snapshot snapshot, int issue, OutFile outFile) {
        List<String> names = snapshot.list(StorePaths.HANDOFFS);
        List<HandoffFiles.Entry> entries = HandoffFiles.forIssue(names, issue);
        if (entries.isEmpty()) {
            List<Integer> issues = HandoffFiles.issues(names);
            throw new UsageException("no handoff for #" + issue + " yet",
                    issues.isEmpty() ? "write one with: ghp agent-handoff --issue " + issue + " --note TEXT"
                            : "issues with handoffs: " + HandoffFiles.listed(issues));
        }
        HandoffFiles.Entry latest = entries.get(entries.size() - 1);
        byte[] bytes = snapshot.file(latest.path()).orElseThrow(() -> new StateException(
                latest.path() + " is listed but cannot be read", "check the repository with: git fsck"));
        StoredHandoff stored = StoredHandoff.parse(latest, bytes);
        if (outFile != null) {
            outFile.write(bytes, latest.path());
        }
        if (quiet) {
            return;
        }
        if (json) {
            ObjectNode o = Json.object();
            o.put("schemaVersion", 1);
            o.put("issue", issue);
            o.put("path", latest.path());
            o.put("from", stored.from());
            o.put("to", stored.to());
            o.put("createdAt", stored.at());
            o.put("commit", snapshot.commitId().orElse(null));
            entries.subList(0, entries.size() - 1).forEach(e -> o.withArray("earlier").add(e.path()));
            if (!o.has("earlier")) {
                o.putArray("earlier");
            }
            o.put("outFile", outFile == null ? null : outFile.toString());
            o.put("markdown", stored.text());
            io.out().print(Json.pretty(o));
        } else if (outFile == null) {
            String text = MarkdownText.forTerminal(stored.text());
            io.out().print(text.endsWith("\n") ? text : text + "\n");
        } else {
            io.err().println("✓ " + latest.path() + " written to " + outFile);
        }
    }
}

package dev.ghp.agents.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ghp.agents.handoff.HandoffFiles;
import dev.ghp.agents.mem0.Mem0Client;
import dev.ghp.agents.mem0.Mem0Settings;
import dev.ghp.agents.model.StorePaths;
import dev.ghp.agents.store.Snapshot;
import java.util.List;

/**
 * The few memories mem0 holds of an issue, for the session-start briefing: what {@code
 * agent-handoff --mem0} stored. Those memories are stored under the handing-off agent's id, so the
 * search asks under the author of the issue's latest handoff in the record (else the agent
 * itself), and keeps what is tagged with the issue or not tagged at all.
 */
public final class IssueMemories {
    /** Memories in a briefing. */
    public static final int MAX = 3;

    private IssueMemories() {
    }

    /**
     * What mem0 found, or why nothing could be asked.
     *
     * @param memories the memories' texts, raw (the briefing neutralises and cuts them)
     * @param problem  why mem0 could not be asked, or null
     */
    public record Found(List<String> memories, String problem) {
    }

    /** The memories of {@code issue}; a mem0 that cannot be asked gives none and says why. */
    public static Found find(Mem0Settings settings, Snapshot snapshot, String agent, int issue) {
        List<HandoffFiles.Entry> handoffs = HandoffFiles.forIssue(snapshot.list(StorePaths.HANDOFFS), issue);
        String author = handoffs.isEmpty() ? agent : handoffs.get(handoffs.size() - 1).agent();
        try {
            return new Found(new Mem0Client(settings).search("handoff, decisions and open questions of issue #" + issue,
                            author, MAX * 3).stream()
                    .filter(m -> ofIssue(m.metadata(), issue))
                    .limit(MAX)
                    .map(Mem0Client.Found::memory)
                    .toList(), null);
        } catch (Mem0Client.Mem0Exception e) {
            return new Found(List.of(), e.getMessage());
        }
    }

    private static boolean ofIssue(JsonNode metadata, int issue) {
        JsonNode tag = metadata.path("issue");
        return tag.isMissingNode() || tag.isNull() || tag.asText().equals(String.valueOf(issue));
    }
}

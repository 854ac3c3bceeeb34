package dev.ghp.agents.handoff;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghp.agents.git.RepoContext;
import dev.ghp.agents.github.GitHubRepository;
import dev.ghp.agents.input.SpawnContext;
import dev.ghp.agents.mem0.Mem0Client;
import dev.ghp.agents.mem0.Mem0Settings;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.model.StatusCodec;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code agent-handoff --mem0}: the stored document as a memory in mem0, with metadata that finds
 * it again (repository, issue, agents, where it is stored). Optional like {@link HandoffComment}.
 */
public final class HandoffMemory {
    private HandoffMemory() {
    }

    /**
     * Stores {@code markdown} of {@code handoff} (stored as {@code path}); {@code settings} null
     * means no key is set. The answer is the command's {@code mem0} JSON ({@code stored}, and
     * {@code id}, {@code skipped} or {@code error}).
     */
    public static ObjectNode store(Mem0Settings settings, Handoff handoff, String markdown, String path,
                                   RepoContext rc, SpawnContext spawn, List<String> warnings) {
        ObjectNode o = Json.object();
        if (settings == null) {
            String why = Mem0Settings.KEY_VARIABLE + " is not set";
            warnings.add("--mem0 skipped: " + why);
            o.put("stored", false);
            o.put("skipped", why);
            return o;
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("source", "ghp-agents");
        metadata.put("kind", "handoff");
        metadata.put("repository", repository(rc, spawn));
        metadata.put("issue", handoff.issue().number());
        metadata.put("agent", handoff.from());
        if (handoff.to() != null) {
            metadata.put("to", handoff.to());
        }
        metadata.put("document", path);
        metadata.put("createdAt", StatusCodec.formatInstant(handoff.at()));
        try {
            Mem0Client.Stored stored = new Mem0Client(settings).add(markdown, handoff.from(), metadata);
            o.put("stored", true);
            o.put("id", stored.id());
        } catch (Mem0Client.Mem0Exception e) {
            warnings.add("--mem0 failed: " + e.getMessage() + "; the handoff is stored locally");
            o.put("stored", false);
            o.put("error", e.getMessage());
        }
        return o;
    }

    /** {@code owner/name}: from GHP_SPAWN_CONTEXT, else the origin URL, else the main worktree's directory name. */
    private static String repository(RepoContext rc, SpawnContext spawn) {
        if (spawn != null && spawn.owner() != null && spawn.repositoryName() != null) {
            return spawn.owner() + "/" + spawn.repositoryName();
        }
        String origin = rc.repository().getConfig().getString("remote", "origin", "url");
        return GitHubRepository.fromRemoteUrl(origin).map(GitHubRepository::fullName).orElseGet(() -> {
            Path root = rc.mainWorktree() != null ? rc.mainWorktree() : rc.commonDir();
            return root.getFileName() == null ? "unknown" : root.getFileName().toString();
        });
    }
}

package dev.ghp.agents.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One agent's entry in {@code .ghp/agent-status.json}. The first four fields are the seed format;
 * the others were added later; {@code extra} keeps fields written by newer tools so a rewrite
 * never drops them.
 *
 * @param issue      the issue the agent works on (and claims), or null
 * @param status     the wire status; kept as text so an unknown value from a newer tool survives
 * @param lastAction free text from the agent (untrusted: neutralise before printing)
 * @param timestamp  when the agent last reported
 * @param branch     the agent's branch, or null (detached HEAD, or unknown)
 * @param worktree   the absolute path of the agent's worktree, or null
 * @param blockedOn  what a blocked agent waits on: "#123" for an issue or an agent's name; or null
 * @param files      the file scope the agent holds: gitignore-style globs (empty when none)
 * @param pendingFiles globs the agent asked for that wait on an approval (shared files; empty when none)
 */
public record AgentRecord(
        Integer issue,
        String status,
        String lastAction,
        Instant timestamp,
        String branch,
        String worktree,
        String blockedOn,
        List<String> files,
        List<String> pendingFiles,
        Map<String, JsonNode> extra) {

    public AgentRecord {
        status = AgentStatus.canonical(status);
        files = files == null ? List.of() : List.copyOf(files);
        pendingFiles = pendingFiles == null ? List.of() : List.copyOf(pendingFiles);
        extra = extra == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extra));
    }

    public Optional<AgentStatus> knownStatus() {
        return AgentStatus.fromWire(status);
    }

    public boolean isDone() {
        return AgentStatus.DONE.wire().equals(status);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public static Builder builder() {
        return new Builder(null);
    }

    /** Copy-and-change, so that callers name only the fields they set. */
    public static final class Builder {
        private Integer issue;
        private String status;
        private String lastAction;
        private Instant timestamp;
        private String branch;
        private String worktree;
        private String blockedOn;
        private List<String> files = List.of();
        private List<String> pendingFiles = List.of();
        private Map<String, JsonNode> extra = Map.of();

        private Builder(AgentRecord from) {
            if (from != null) {
                issue = from.issue;
                status = from.status;
                lastAction = from.lastAction;
                timestamp = from.timestamp;
                branch = from.branch;
                worktree = from.worktree;
                blockedOn = from.blockedOn;
                files = from.files;
                pendingFiles = from.pendingFiles;
                extra = from.extra;
            }
        }

        public Builder issue(Integer v) { issue = v; return this; }
        public Builder status(String v) { status = v; return this; }
        public Builder lastAction(String v) { lastAction = v; return this; }
        public Builder timestamp(Instant v) { timestamp = v; return this; }
        public Builder branch(String v) { branch = v; return this; }
        public Builder worktree(String v) { worktree = v; return this; }
        public Builder blockedOn(String v) { blockedOn = v; return this; }
        public Builder files(List<String> v) { files = v; return this; }
        public Builder pendingFiles(List<String> v) { pendingFiles = v; return this; }
        public Builder extra(Map<String, JsonNode> v) { extra = v; return this; }

        public AgentRecord build() {
            return new AgentRecord(issue, status, lastAction, timestamp, branch, worktree, blockedOn, files, pendingFiles, extra);
        }
    }
}

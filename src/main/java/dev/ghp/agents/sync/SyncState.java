package dev.ghp.agents.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.model.StatusCodec;
import dev.ghp.agents.store.WriteLock;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * This clone's memory of its syncs, kept beside the ref in the common git dir (so every worktree
 * shares it, and it never travels): per remote, when a sync was last tried and last succeeded,
 * when the remote's record was last looked at ({@link RemoteCheck}), and how many fetches, pushes
 * and such looks this clone made (the traffic src/bench/delivery-latency.sh reports).
 * Syncs of one clone take turns on {@code ghp-sync.lock}; an automatic sync that finds it taken
 * skips, since the running sync brings the news anyway.
 */
public final class SyncState {
    static final String FILE = "ghp-sync.json";
    static final String LOCK = "ghp-sync.lock";

    /**
     * @param lastError the last failure's one-line message (scrubbed), or null after a success
     * @param url       the remote's URL as shown (no password, tokens scrubbed) when last tried, or null
     */
    public record Entry(Instant lastAttempt, Instant lastSuccess, String lastError, String url) {
    }

    private final Path commonDir;

    public SyncState(Path commonDir) {
        this.commonDir = commonDir;
    }

    public Path file() {
        return commonDir.resolve(FILE);
    }

    public WriteLock lock(Duration timeout) {
        return WriteLock.acquire(commonDir.resolve(LOCK), timeout);
    }

    public Optional<WriteLock> tryLock() {
        return WriteLock.tryAcquire(commonDir.resolve(LOCK));
    }

    /** What is known of the remote; empty when never synced (or the file is unreadable: it is only a cache). */
    public Optional<Entry> read(String remote) {
        ObjectNode root = readRoot();
        JsonNode e = root.path("remotes").path(remote);
        if (!e.isObject()) {
            return Optional.empty();
        }
        return Optional.of(new Entry(instant(e, "lastAttempt"), instant(e, "lastSuccess"), text(e, "lastError"),
                text(e, "url")));
    }

    /** Records an attempt; call it holding the sync lock. The file is replaced atomically. */
    public void record(String remote, Instant at, boolean success, String error) {
        record(remote, null, at, success, error);
    }

    /** As {@link #record(String, Instant, boolean, String)}, with the remote's URL as shown, or null when not known. */
    public void record(String remote, String url, Instant at, boolean success, String error) {
        ObjectNode root = readRoot();
        JsonNode remotesNode = root.get("remotes");
        ObjectNode remotes = remotesNode instanceof ObjectNode o ? o : root.putObject("remotes");
        JsonNode previous = remotes.get(remote);
        // The fields of the remote check and the traffic counts are kept as they were.
        ObjectNode entry = previous instanceof ObjectNode o ? o.deepCopy() : Json.object();
        entry.remove(List.of("url", "lastSuccess", "lastError"));
        entry.put("lastAttempt", StatusCodec.formatInstant(at));
        if (url != null) {
            entry.put("url", url);
        } else if (previous != null && previous.path("url").isTextual()) {
            entry.put("url", previous.path("url").asText());
        }
        if (success) {
            entry.put("lastSuccess", StatusCodec.formatInstant(at));
        } else if (previous != null && previous.path("lastSuccess").isTextual()) {
            entry.put("lastSuccess", previous.path("lastSuccess").asText());
        }
        if (!success && error != null) {
            entry.put("lastError", error);
        }
        remotes.set(remote, entry);
        write(root);
    }

    /** When the remote's record was last looked at, if ever. */
    public Optional<Instant> lastCheck(String remote) {
        return Optional.ofNullable(instant(readRoot().path("remotes").path(remote), "lastCheck"));
    }

    /** Records a look at the remote's record (counted); call it holding the sync lock. */
    public void recordCheck(String remote, Instant at) {
        update(remote, entry -> {
            entry.put("lastCheck", StatusCodec.formatInstant(at));
            entry.put("checks", entry.path("checks").asLong() + 1);
        });
    }

    /** Adds a sync's fetches and pushes to this clone's counts; call it holding the sync lock. */
    public void countTraffic(String remote, int fetches, int pushes) {
        if (fetches == 0 && pushes == 0) {
            return;
        }
        update(remote, entry -> {
            entry.put("fetches", entry.path("fetches").asLong() + fetches);
            entry.put("pushes", entry.path("pushes").asLong() + pushes);
        });
    }

    private void update(String remote, java.util.function.Consumer<ObjectNode> edit) {
        ObjectNode root = readRoot();
        JsonNode remotesNode = root.get("remotes");
        ObjectNode remotes = remotesNode instanceof ObjectNode o ? o : root.putObject("remotes");
        JsonNode previous = remotes.get(remote);
        ObjectNode entry = previous instanceof ObjectNode o ? o : remotes.putObject(remote);
        edit.accept(entry);
        write(root);
    }

    private void write(ObjectNode root) {
        root.put("schemaVersion", 1);
        try {
            Path tmp = Files.createTempFile(commonDir, FILE, ".tmp");
            try {
                Files.write(tmp, Json.prettyBytes(root));
                try {
                    Files.move(tmp, file(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file(), StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            // Only a cache for autoSync's timing: losing it means one extra sync, never lost data.
        }
    }

    private ObjectNode readRoot() {
        try {
            ObjectNode root = Json.parseObject(Files.readAllBytes(file()));
            return root == null ? Json.object() : root;
        } catch (IOException e) {
            return Json.object();
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }

    private static Instant instant(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() ? StatusCodec.parseInstant(v.asText()) : null;
    }
}

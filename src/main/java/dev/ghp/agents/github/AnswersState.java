package dev.ghp.agents.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghp.agents.model.Json;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * This clone's memory of reading answers from GitHub, in {@value #FILE} in the git directory every
 * worktree shares (never on the coordination ref: it is about this clone's calls, not the team's
 * record): when it last asked, and for each issue the ETag of the last comment list and the
 * {@code since} it was asked with (an ETag answers for one URL only). Only a cache: an unreadable
 * file is an empty one, and the worst a lost file costs is one full read per issue.
 */
public final class AnswersState {
    public static final String FILE = "ghp-github-answers.json";

    /** What is kept per issue. */
    public record IssueRead(String etag, Instant since) {
    }

    private final Instant checkedAt;
    private final Map<Integer, IssueRead> issues;

    public AnswersState(Instant checkedAt, Map<Integer, IssueRead> issues) {
        this.checkedAt = checkedAt;
        this.issues = Map.copyOf(issues);
    }

    /** When GitHub was last asked, or null. */
    public Instant checkedAt() {
        return checkedAt;
    }

    public Map<Integer, IssueRead> issues() {
        return issues;
    }

    public static AnswersState read(Path commonDir) {
        Map<Integer, IssueRead> issues = new LinkedHashMap<>();
        try {
            ObjectNode root = Json.parseObject(Files.readAllBytes(commonDir.resolve(FILE)));
            for (Iterator<Map.Entry<String, JsonNode>> it = root.path("issues").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().matches("\\d{1,9}")) {
                    JsonNode v = e.getValue();
                    issues.put(Integer.parseInt(e.getKey()), new IssueRead(v.path("etag").isTextual() ? v.path("etag").asText() : null,
                            instant(v.path("since").asText(null))));
                }
            }
            return new AnswersState(instant(root.path("checkedAt").asText(null)), issues);
        } catch (IOException | RuntimeException e) {
            return new AnswersState(null, Map.of());
        }
    }

    /** Written whole to a temporary file and moved into place, so a reader never sees half of it. */
    public void write(Path commonDir) throws IOException {
        ObjectNode root = Json.object();
        root.put("checkedAt", checkedAt == null ? null : checkedAt.toString());
        ObjectNode is = root.putObject("issues");
        issues.forEach((n, r) -> {
            ObjectNode o = is.putObject(Integer.toString(n));
            o.put("etag", r.etag());
            o.put("since", r.since() == null ? null : r.since().toString());
        });
        Path tmp = Files.createTempFile(commonDir, FILE, ".tmp");
        try {
            Files.write(tmp, Json.prettyBytes(root));
            try {
                Files.move(tmp, commonDir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, commonDir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static Instant instant(String s) {
        try {
            return s == null ? null : Instant.parse(s);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}

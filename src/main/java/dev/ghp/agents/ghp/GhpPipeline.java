package dev.ghp.agents.ghp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.text.Printable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Moves an issue's worktree through GHP's pipeline with GHP's own CLI: into the "needs attention"
 * group ({@code ghp pipeline set needs_attention <issue>}) and back to the stage it left
 * ({@code ghp pipeline set <stage> <issue>}), reading the stage with {@code ghp status --json}.
 * GHP keeps its pipeline in {@code .git/ghp-pipeline.json} (packages/cli/src/pipeline-registry.ts);
 * this never touches that file. Optional like everything outside the record: without GHP's CLI the
 * step is skipped and the outcome says so; it never fails the caller.
 */
public final class GhpPipeline {
    public static final String NEEDS_ATTENTION = "needs_attention";
    static final Duration TIME_LIMIT = Duration.ofSeconds(10);
    /** GHP's words when the issue has no worktree in its pipeline (pipeline-commands.ts). */
    private static final String NOT_IN_PIPELINE = "is not in the pipeline";

    private final GhpCli cli;

    public GhpPipeline(Map<String, String> env, Path workingDirectory) {
        this.cli = new GhpCli(env, workingDirectory);
    }

    /**
     * What happened.
     *
     * @param done    whether GHP's stage is now the one asked for
     * @param message one line for the user: what was done, or why not
     * @param warning whether the user should look into it (a failure), rather than a plain note
     */
    public record Outcome(boolean done, String message, boolean warning) {
        public Outcome(boolean done, String message) {
            this(done, message, !done);
        }
    }

    /**
     * What moving an issue into needs_attention did.
     *
     * @param outcome       as for any stage change
     * @param previousStage the stage the issue left, to restore when the escalation is resolved; null
     *                      when it did not move, or GHP could not say where it was
     * @param alreadyThere  whether the issue was in needs_attention before (so nothing was changed)
     */
    public record Flagged(Outcome outcome, String previousStage, boolean alreadyThere) {
    }

    /**
     * GHP's stage of an issue's worktree.
     *
     * @param known   whether GHP answered; when not, {@code problem} says why
     * @param stage   the stage, or null when the issue is not in GHP's pipeline
     * @param problem why GHP could not be asked, or null
     */
    public record Stage(boolean known, String stage, String problem) {
        public boolean inPipeline() {
            return known && stage != null;
        }
    }

    /** {@code ghp status --json}: GHP's stage of the issue. */
    public Stage stageOf(int issue) {
        GhpCli.Run run = cli.run(List.of("status", "--json"), TIME_LIMIT, false);
        if (!run.ok()) {
            return new Stage(false, null, run.problem() != null ? run.problem() : "ghp status --json: exit code " + run.exit());
        }
        JsonNode entries = parseArray(run.stdout());
        if (entries == null) {
            return new Stage(false, null, "ghp status --json did not print a JSON list");
        }
        for (JsonNode entry : entries) {
            if (entry.path("issueNumber").canConvertToInt() && entry.path("issueNumber").intValue() == issue
                    && entry.path("stage").isTextual()) {
                return new Stage(true, entry.path("stage").asText(), null);
            }
        }
        return new Stage(true, null, null);
    }

    /** Into needs_attention, remembering the stage it left; an issue GHP does not track is a note, not an error. */
    public Flagged needsAttention(int issue) {
        Stage before = stageOf(issue);
        if (before.known() && !before.inPipeline()) {
            return new Flagged(notInPipeline(issue, NEEDS_ATTENTION), null, false);
        }
        if (before.inPipeline() && NEEDS_ATTENTION.equals(before.stage())) {
            return new Flagged(new Outcome(true, "issue #" + issue + " was already in GHP's " + NEEDS_ATTENTION + " stage"),
                    null, true);
        }
        Outcome set = setStage(NEEDS_ATTENTION, issue);
        return new Flagged(set, set.done() && before.inPipeline() ? before.stage() : null, false);
    }

    /**
     * Back to {@code previous}, the stage the escalation's needs_attention replaced, but only while
     * the issue is still in needs_attention: a stage someone chose since is theirs, and is left alone.
     * An explicit {@code set} rather than GHP's {@code advance} (which also restores from
     * needs_attention) because advance moves any other stage one forward: decided, not assumed.
     */
    public Outcome restore(int issue, String previous) {
        Stage now = stageOf(issue);
        if (!now.known()) {
            return new Outcome(false, "cannot read GHP's stage of issue #" + issue + " (" + now.problem()
                    + "); to restore it: ghp pipeline set " + Printable.quote(previous) + " " + issue);
        }
        if (!now.inPipeline()) {
            return new Outcome(false, "issue #" + issue + " is no longer in GHP's pipeline, so no stage was restored", false);
        }
        if (!NEEDS_ATTENTION.equals(now.stage())) {
            return new Outcome(false, "issue #" + issue + " is now in GHP's " + Printable.quote(now.stage())
                    + " stage, not " + NEEDS_ATTENTION + ": left as it is", false);
        }
        Outcome set = setStage(previous, issue);
        return set.done() ? new Outcome(true, "issue #" + issue + " is back in GHP's " + Printable.quote(previous)
                + " stage (from " + NEEDS_ATTENTION + ")") : set;
    }

    /** {@code ghp pipeline set STAGE ISSUE}. */
    public Outcome setStage(String stage, int issue) {
        GhpCli.Run run = cli.run(List.of("pipeline", "set", stage, Integer.toString(issue)), TIME_LIMIT, true);
        if (run.problem() != null) {
            return new Outcome(false, run.problem() + ": issue #" + issue + " was not moved to " + Printable.quote(stage));
        }
        if (run.exit() != 0) {
            if (new String(run.stdout(), StandardCharsets.UTF_8).contains(NOT_IN_PIPELINE)) {
                return notInPipeline(issue, stage);
            }
            return new Outcome(false, "GHP did not move issue #" + issue + " to " + Printable.quote(stage) + ": " + run.firstLine());
        }
        return new Outcome(true, "issue #" + issue + " is in GHP's " + Printable.quote(stage) + " stage");
    }

    private static Outcome notInPipeline(int issue, String stage) {
        return new Outcome(false, "issue #" + issue + " is not in GHP's pipeline (only worktrees of 'ghp start --parallel'"
                + " are), so it was not moved to " + Printable.quote(stage), false);
    }

    /** A JSON list, allowing for lines GHP printed before it (an update notice); null when there is none. */
    static JsonNode parseArray(byte[] stdout) {
        String text = new String(stdout, StandardCharsets.UTF_8);
        int from = text.startsWith("[") ? 0 : text.indexOf("\n[");
        if (from < 0) {
            return null;
        }
        try {
            JsonNode node = Json.parse(text.substring(from).trim().getBytes(StandardCharsets.UTF_8));
            return node.isArray() ? node : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}

package dev.ghp.agents.rules;

import dev.ghp.agents.model.AgentRecord;
import dev.ghp.agents.model.StatusDocument;
import dev.ghp.agents.rules.scope.ScopePattern;
import dev.ghp.agents.text.Durations;
import dev.ghp.agents.text.Printable;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Authority at the moment of an edit: the commit guard's rules ({@link GuardRule}), asked before
 * an agent's edit tool writes. An edit of a file inside another live agent's file claim is
 * refused, and so is an agent's edit of a shared file ({@code agents.sharedFiles}) its own scope
 * holds no approval for; its own claims it edits freely. The refusal says who holds the file and
 * how to ask, in one paragraph the agent reads. Paths are matched exactly as the guard matches them.
 */
public final class EditAuthority {
    private static final Pattern SHELL_WORD = Pattern.compile("[A-Za-z0-9_./:@%+=,-]+");

    private EditAuthority() {
    }

    /**
     * Why the edit is refused, for the first path refused (a claim before a shared file), or
     * empty when every path may be edited.
     *
     * @param paths    the files the edit writes, relative to the worktree's root
     * @param me       the editing agent
     * @param detector who is live, as agent-status judges it
     * @param shared   {@code agents.sharedFiles}
     */
    public static Optional<String> refusal(List<String> paths, StatusDocument doc, String me, StaleDetector detector,
                                           List<ScopePattern> shared, Instant now) {
        if (paths.isEmpty()) {
            return Optional.empty();
        }
        List<GuardRule.Violation> held = GuardRule.violations(paths, doc, me, detector, now);
        if (!held.isEmpty()) {
            return Optional.of(heldBy(held.get(0), doc));
        }
        List<GuardRule.SharedViolation> unapproved = GuardRule.sharedWithoutApproval(paths, shared, doc, me);
        return unapproved.isEmpty() ? Optional.empty() : Optional.of(sharedWithoutApproval(unapproved.get(0)));
    }

    private static String heldBy(GuardRule.Violation v, StatusDocument doc) {
        AgentRecord holder = doc.agents().get(v.holder());
        String name = Printable.line(v.holder());
        String issue = holder == null || holder.issue() == null ? "no issue" : "issue #" + holder.issue();
        String seen = v.holderView().age() == null ? "" : ", seen " + Durations.brief(v.holderView().age()) + " ago";
        return "[ghp-agents] Edit refused: " + Printable.line(v.path()) + " is held by " + name + " (" + issue
                + ", its file claim " + Printable.line(v.pattern()) + seen + "). Leave it to its holder: ask it with"
                + " ghp agent-message --to " + name + " \"…\"; to take the file over, a human decides: ghp agent-escalate"
                + " --kind conflict \"…\". Your other files are not affected.";
    }

    private static String sharedWithoutApproval(GuardRule.SharedViolation v) {
        String path = Printable.line(v.path());
        return "[ghp-agents] Edit refused: " + path + " is a shared file (agents.sharedFiles " + Printable.line(v.pattern())
                + ") and you hold no approval for it. Ask for one with: ghp agent-heartbeat --files " + shellWord(path)
                + " (the orchestrator resolves it); once approved, the file is in your scope and the edit goes through.";
    }

    /** A path as one shell word, for a command the agent may copy. */
    private static String shellWord(String text) {
        return SHELL_WORD.matcher(text).matches() ? text : "'" + text.replace("'", "'\\''") + "'";
    }
}

package dev.ghp.agents.github;

import dev.ghp.agents.text.Printable;
import dev.ghp.agents.model.Escalation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Mirrors an escalation on its GitHub issue: when it opens, a comment and a label (default
 * {@code needs-human}) so that a human sees it where they already look; when it is resolved, a
 * comment with the answer, and the label removed. Failures are collected as lines to tell the user;
 * the local record stays the source of truth.
 */
public final class EscalationMirror {
    public static final String DEFAULT_LABEL = "needs-human";
    private static final int MAX_QUOTED = 4000;

    private final GitHubAccess access;
    private final String label;

    /** @param outcome the mirror to record (null when nothing was done) and what was skipped or failed */
    public record Outcome(Escalation.GitHubMirror mirror, List<String> problems) {
    }

    public EscalationMirror(GitHubAccess access, String label) {
        this.access = access;
        this.label = label == null || label.isBlank() ? DEFAULT_LABEL : label;
    }

    public Outcome opened(Escalation e) {
        List<String> problems = new ArrayList<>();
        if (e.issue() == null) {
            problems.add("skipped GitHub: the escalation names no issue (give --issue N)");
            return new Outcome(null, problems);
        }
        GitHubGateway gh = access.gateway().orElse(null);
        if (gh == null) {
            problems.add("skipped GitHub comment and label on #" + e.issue() + ": " + access.unavailableReason());
            return new Outcome(null, problems);
        }
        String url;
        try {
            url = gh.comment(e.issue(), openedBody(e));
        } catch (IOException | RuntimeException ex) {
            problems.add("could not comment on #" + e.issue() + " of " + access.repository() + ": " + access.describe(ex));
            return new Outcome(null, problems);
        }
        String added = label;
        try {
            gh.addLabel(e.issue(), label);
        } catch (IOException | RuntimeException ex) {
            problems.add("commented on #" + e.issue() + " but could not add the label " + label + ": " + access.describe(ex));
            added = null;
        }
        return new Outcome(new Escalation.GitHubMirror(e.issue(), url, added, null), problems);
    }

    public Outcome resolved(Escalation e) {
        return resolved(e, resolvedBody(e));
    }

    /**
     * For an escalation answered by a reply on its issue: a comment back that the agent was told
     * (so the person who replied knows it took), and the label removed.
     */
    public Outcome answeredOnGitHub(Escalation e, String login, String replyUrl) {
        return resolved(e, toldBody(e, login, replyUrl));
    }

    private Outcome resolved(Escalation e, String body) {
        List<String> problems = new ArrayList<>();
        Escalation.GitHubMirror before = e.github();
        Integer issue = before != null && before.issue() != null ? before.issue() : e.issue();
        if (issue == null) {
            problems.add("skipped GitHub: the escalation names no issue");
            return new Outcome(before, problems);
        }
        GitHubGateway gh = access.gateway().orElse(null);
        if (gh == null) {
            problems.add("skipped GitHub comment on #" + issue + ": " + access.unavailableReason());
            return new Outcome(before, problems);
        }
        String url = null;
        try {
            url = gh.comment(issue, body);
        } catch (IOException | RuntimeException ex) {
            problems.add("could not comment the answer on #" + issue + ": " + access.describe(ex));
        }
        String toRemove = before != null && before.label() != null ? before.label() : label;
        try {
            gh.removeLabel(issue, toRemove);
        } catch (IOException | RuntimeException ex) {
            problems.add("could not remove the label " + toRemove + " from #" + issue + ": " + access.describe(ex));
        }
        return new Outcome(new Escalation.GitHubMirror(issue, before == null ? null : before.comment(),
                before == null ? null : before.label(), url), problems);
    }

    static String openedBody(Escalation e) {
        StringBuilder b = new StringBuilder();
        b.append("**Escalation `").append(code(e.id())).append("`** (").append(Printable.line(e.kind())).append(')');
        if (e.agent() != null) {
            b.append(" from agent `").append(code(e.agent())).append('`');
        }
        b.append(" needs a human.\n\n").append(quote(e.message())).append("\n\n");
        b.append("Answer it with:\n\n```\nghp agent-escalate --resolve ").append(e.id());
        b.append(e.isKind(Escalation.Kind.APPROVAL) ? " --approve   # or --deny" : " --answer \"...\"");
        b.append("\n```\n\n<!-- ghp-agents escalation ").append(e.id()).append(" open -->\n");
        return b.toString();
    }

    static String resolvedBody(Escalation e) {
        StringBuilder b = new StringBuilder();
        b.append("**Escalation `").append(code(e.id())).append("` resolved**");
        if (e.decision() != null) {
            b.append(": ").append(Printable.line(e.decision()));
        }
        if (e.resolvedBy() != null) {
            b.append(" by `").append(code(e.resolvedBy())).append('`');
        }
        b.append(".\n\n");
        if (e.answer() != null && !e.answer().isBlank()) {
            b.append(quote(e.answer())).append("\n\n");
        }
        b.append("<!-- ghp-agents escalation ").append(e.id()).append(" resolved -->\n");
        return b.toString();
    }

    static String toldBody(Escalation e, String login, String replyUrl) {
        StringBuilder b = new StringBuilder("ghp-agents: told agent `").append(code(e.agent() == null ? "?" : e.agent()))
                .append("` the answer of @").append(code(login)).append(" to escalation `").append(code(e.id())).append('`');
        if (e.decision() != null) {
            b.append(" (").append(Printable.line(e.decision())).append(')');
        }
        b.append(", from [this reply](").append(Printable.line(replyUrl).replace(")", "%29"))
                .append("); GitHub says @").append(code(login)).append(" may write to the repository.\n\n");
        if (e.answer() != null && !e.answer().isBlank()) {
            b.append(quote(e.answer())).append("\n\n");
        }
        b.append("<!-- ghp-agents escalation ").append(e.id()).append(" resolved -->\n");
        return b.toString();
    }

    /**
     * A Markdown quote of untrusted text, length bounded, each line neutralised by
     * {@link Printable#line} (controls as pictures, invisible characters as markers): the comment is
     * read by humans and by agents that fetch the issue.
     */
    static String quote(String text) {
        String t = text == null ? "" : text.replace("\r\n", "\n");
        if (t.codePointCount(0, t.length()) > MAX_QUOTED) {
            t = t.substring(0, t.offsetByCodePoints(0, MAX_QUOTED)) + "…";
        }
        StringBuilder clean = new StringBuilder("> ");
        String[] lines = t.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            clean.append(i == 0 ? "" : "\n> ").append(Printable.line(lines[i]));
        }
        return clean.toString();
    }

    /** Recorded text inside a code span: neutralised, and no backtick to break out of it. */
    private static String code(String s) {
        return Printable.line(s).replace("`", "'");
    }
}

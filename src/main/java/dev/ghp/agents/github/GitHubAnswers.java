package dev.ghp.agents.github;

import dev.ghp.agents.model.Escalation;
import dev.ghp.agents.text.Printable;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the replies to escalations mirrored on GitHub issues: for each issue, the comments since
 * the oldest of its open escalations, asked with the ETag of the last read (a 304 costs no rate
 * limit); a reply counts when it comes after the escalation's own comment, its first line is a
 * command that fits the escalation's kind ({@link GitHubReply}), and GitHub says its author may
 * write to the repository. Resolving is left to the caller: this only reads, and says why each
 * reply it passed over was passed over.
 */
public final class GitHubAnswers {
    /** The marker every comment ghp-agents posts carries: never read as a reply. */
    static final String OWN_MARKER = "<!-- ghp-agents";
    /** GitHub's logins: letters, digits and inner hyphens, at most 39; a bot's ends in {@code [bot]}. */
    private static final Pattern LOGIN = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\\[bot])?");
    private static final Pattern COMMENT_ID = Pattern.compile("#issuecomment-(\\d+)$");

    private final GitHubAccess access;

    /** A reply that answers an escalation, from someone GitHub says may write. */
    public record Reply(Escalation escalation, IssueComment comment, GitHubReply reply, Permission permission) {
    }

    /**
     * @param replies  the replies to act on, at most one per escalation (the first)
     * @param notes    replies passed over, and why (for --verbose)
     * @param problems calls that failed (one line each, no token)
     * @param next     the state to keep once the replies are acted on
     */
    public record Read(List<Reply> replies, List<String> notes, List<String> problems, AnswersState next) {
    }

    public GitHubAnswers(GitHubAccess access) {
        this.access = access;
    }

    /** The open escalations that were mirrored on an issue: the ones a reply can answer. */
    public static List<Escalation> mirrored(List<Escalation> escalations) {
        return escalations.stream().filter(Escalation::isOpen)
                .filter(e -> e.github() != null && e.github().comment() != null && issueOf(e) != null).toList();
    }

    public Read read(List<Escalation> open, AnswersState state, Instant now) {
        List<Reply> replies = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Map<Integer, AnswersState.IssueRead> next = new LinkedHashMap<>();
        GitHubGateway gh = access.gateway().orElse(null);
        if (gh == null) {
            problems.add("could not read replies on GitHub: " + access.unavailableReason());
            return new Read(replies, notes, problems, state);
        }
        Map<Integer, List<Escalation>> byIssue = new LinkedHashMap<>();
        for (Escalation e : mirrored(open)) {
            byIssue.computeIfAbsent(issueOf(e), k -> new ArrayList<>()).add(e);
        }
        Map<String, Permission> permissions = new HashMap<>();
        for (Map.Entry<Integer, List<Escalation>> each : byIssue.entrySet()) {
            int issue = each.getKey();
            List<Escalation> waiting = each.getValue();
            Instant since = waiting.stream().map(Escalation::createdAt).filter(Objects::nonNull).min(Comparator.naturalOrder())
                    .map(t -> t.truncatedTo(ChronoUnit.SECONDS)).orElse(null);
            AnswersState.IssueRead before = state.issues().get(issue);
            String etag = before != null && Objects.equals(before.since(), since) ? before.etag() : null;
            CommentsPage page;
            try {
                page = gh.comments(issue, since, etag);
            } catch (IOException | RuntimeException ex) {
                problems.add("could not read the replies on #" + issue + ": " + access.describe(ex));
                if (before != null) {
                    next.put(issue, before);
                }
                continue;
            }
            if (page.notModified()) {
                notes.add("no new replies on #" + issue + " (GitHub answered 304 Not Modified)");
                next.put(issue, new AnswersState.IssueRead(page.etag(), since));
                continue;
            }
            boolean complete = true;
            Set<String> answered = new HashSet<>();
            List<IssueComment> comments = page.comments().stream().sorted(Comparator.comparingLong(IssueComment::id)).toList();
            for (IssueComment c : comments) {
                if (c.body() == null || c.body().contains(OWN_MARKER)) {
                    continue;
                }
                GitHubReply reply = GitHubReply.parse(c.body()).orElse(null);
                if (reply == null) {
                    continue;
                }
                String who = c.login() == null ? "a deleted user" : "@" + Printable.line(c.login());
                String what = reply.verb().word() + " by " + who + " on #" + issue + " (" + Printable.line(c.url()) + ")";
                List<Escalation> after = waiting.stream().filter(e -> c.id() > mirrorCommentId(e))
                        .filter(e -> reply.escalationId() == null || e.id().equals(reply.escalationId()))
                        .filter(e -> !answered.contains(e.id())).toList();
                List<Escalation> fitting = after.stream().filter(reply.verb()::fits).toList();
                if (after.isEmpty()) {
                    notes.add("ignored " + what + ": " + (reply.escalationId() != null
                            ? "no open escalation " + reply.escalationId() + " was mirrored there before it"
                            : "no open escalation was mirrored there before it"));
                    continue;
                }
                if (fitting.isEmpty()) {
                    notes.add("ignored " + what + ": " + after.get(0).id() + " is a " + Printable.line(after.get(0).kind())
                            + "; " + expected(after.get(0)));
                    continue;
                }
                if (fitting.size() > 1) {
                    notes.add("ignored " + what + ": " + fitting.size() + " open escalations there; name one, as in "
                            + reply.verb().word() + " " + fitting.get(0).id());
                    continue;
                }
                if (c.login() == null || !LOGIN.matcher(c.login()).matches()) {
                    notes.add("ignored " + what + ": GitHub names no author with a GitHub login");
                    continue;
                }
                Permission p = permissions.get(c.login());
                if (p == null) {
                    try {
                        p = gh.permission(c.login());
                    } catch (IOException | RuntimeException ex) {
                        problems.add("could not ask GitHub whether " + who + " may write to " + access.repository()
                                + ": " + access.describe(ex));
                        complete = false;
                        continue;
                    }
                    permissions.put(c.login(), p);
                }
                if (!p.canWrite()) {
                    notes.add("ignored " + what + ": GitHub says " + who + " has " + Printable.line(p.shown())
                            + " access to " + access.repository() + ", and only write, maintain or admin answers");
                    continue;
                }
                answered.add(fitting.get(0).id());
                replies.add(new Reply(fitting.get(0), c, reply, p));
            }
            // A reply left unread (its author's permission unknown) must be read again: keep the old ETag.
            if (complete) {
                next.put(issue, new AnswersState.IssueRead(page.etag(), since));
            } else if (before != null) {
                next.put(issue, before);
            }
        }
        return new Read(replies, notes, problems, new AnswersState(now, next));
    }

    private static String expected(Escalation e) {
        if (e.isKind(Escalation.Kind.APPROVAL)) {
            return "answer it with /approve [PATTERN…] or /deny [PATTERN…]";
        }
        return e.isKind(Escalation.Kind.CONFLICT) ? "answer it with /award AGENT or /answer TEXT" : "answer it with /answer TEXT";
    }

    static Integer issueOf(Escalation e) {
        return e.github().issue() != null ? e.github().issue() : e.issue();
    }

    /** The id in the mirror comment's URL; 0 (every comment counts) when it names none. */
    static long mirrorCommentId(Escalation e) {
        Matcher m = COMMENT_ID.matcher(e.github().comment());
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }
}

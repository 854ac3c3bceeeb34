package dev.ghp.agents.handoff;

import static dev.ghp.agents.handoff.MarkdownText.code;
import static dev.ghp.agents.handoff.MarkdownText.line;

import dev.ghp.agents.model.StatusCodec;
import dev.ghp.agents.model.StorePaths;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The handoff as Markdown: what the next agent reads first. Sections in the order a successor
 * needs them: the note, the issue, where the work is, the state, open escalations, recent
 * activity, then how to continue. Every piece of supplied text is neutralised and bounded here.
 */
public final class HandoffMarkdown {
    /** First line of every document: lets tools recognise one and read who, what and when without parsing prose. */
    public static final String MARKER = "<!-- ghp-handoff";
    static final int TITLE_MAX = 200;
    static final int BODY_LINES = 40;
    static final int BODY_CHARS = 3_000;
    static final int SUBJECT_MAX = 120;
    static final int PATH_MAX = 200;
    static final int ACTION_MAX = 500;
    static final int ESCALATION_MAX = 300;
    static final int ESCALATIONS_SHOWN = 20;
    static final int EARLIER_SHOWN = 10;
    static final int LIST_ITEMS = 20;
    private static final DateTimeFormatter HUMAN = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm 'UTC'", java.util.Locale.ROOT).withZone(ZoneOffset.UTC);

    private HandoffMarkdown() {
    }

    public static String render(Handoff h) {
        StringBuilder md = new StringBuilder();
        int n = h.issue().number();
        md.append(MARKER).append(" schemaVersion=1 issue=").append(n).append(" from=").append(h.from());
        if (h.to() != null) {
            md.append(" to=").append(h.to());
        }
        md.append(" at=").append(StatusCodec.formatInstant(h.at())).append(" -->\n");
        String title = h.issue().title() == null ? null : line(h.issue().title(), TITLE_MAX);
        md.append("# Handoff of #").append(n).append(title == null ? "" : ": " + title).append("\n\n");
        md.append("From **").append(h.from()).append("** to ")
                .append(h.to() == null ? "whoever takes #" + n + " next" : "**" + h.to() + "**")
                .append(", ").append(HUMAN.format(h.at())).append(".\n\n");

        note(md, h);
        issue(md, h.issue());
        branch(md, h);
        state(md, h);
        escalations(md, h);
        activity(md, h);
        earlier(md, h);
        pickUp(md, h);
        return md.toString();
    }

    private static void note(StringBuilder md, Handoff h) {
        md.append("## Note from ").append(h.from()).append("\n\n");
        MarkdownText.Block note = MarkdownText.block(h.note(), HandoffInput.NOTE_LINES, HandoffInput.NOTE_CHARS);
        if (note.text().isEmpty()) {
            md.append("No note was left.\n\n");
        } else {
            md.append(MarkdownText.quote(note.text())).append('\n');
        }
    }

    private static void issue(StringBuilder md, Handoff.Issue issue) {
        md.append("## Issue #").append(issue.number()).append("\n\n");
        if (issue.title() != null) {
            md.append("**").append(line(issue.title(), TITLE_MAX)).append("**");
            if (issue.url() != null) {
                md.append(" · ").append(line(issue.url(), PATH_MAX));
            }
            md.append('\n');
        } else if (issue.url() != null) {
            md.append(line(issue.url(), PATH_MAX)).append('\n');
        }
        if (!issue.labels().isEmpty()) {
            md.append("Labels: ").append(words(issue.labels())).append('\n');
        }
        if (!issue.assignees().isEmpty()) {
            md.append("Assignees: ").append(words(issue.assignees())).append('\n');
        }
        if (issue.source() == null) {
            md.append("The issue's title is not known here: GitHub was not asked or not reachable, and GHP_SPAWN_CONTEXT did not name it.\n");
        } else if (!"github".equals(issue.source())) {
            md.append("(From ").append(issue.source()).append("; GitHub was not asked or not reachable.)\n");
        }
        MarkdownText.Block body = MarkdownText.block(issue.body(), BODY_LINES, BODY_CHARS);
        if (!body.text().isEmpty()) {
            md.append('\n').append(MarkdownText.quote(body.text()));
            if (body.cut()) {
                md.append(">\n> (cut here; the whole text is on the issue)\n");
            }
        }
        md.append('\n');
    }

    private static void branch(StringBuilder md, Handoff h) {
        Handoff.Branch b = h.branch();
        md.append("## Where the work is\n\n");
        if (b.name() != null) {
            md.append("- Branch: ").append(code(b.name()));
            if (b.head() != null) {
                md.append(" at ").append(code(b.head()));
            }
            md.append('\n');
        } else if (b.head() != null) {
            md.append("- Detached HEAD at ").append(code(b.head())).append(" (no branch)\n");
        }
        if (b.worktree() != null) {
            md.append("- Worktree: ").append(code(line(b.worktree(), PATH_MAX))).append('\n');
        }
        if (b.base() != null && b.mergeBase() != null) {
            md.append("- ").append(commits(b.ahead(), b.aheadCapped())).append(" ahead of ").append(code(b.base()))
                    .append(", which it left at ").append(code(b.mergeBase())).append('\n');
        }
        for (String p : b.problems()) {
            md.append("- Note: ").append(line(p, 400)).append('\n');
        }
        md.append('\n');

        if (b.mergeBase() != null) {
            md.append("### Commits since it left ").append(code(b.base())).append(" (newest first)\n\n");
            if (b.commits().isEmpty()) {
                md.append("None yet.\n");
            }
            for (Handoff.Commit c : b.commits()) {
                md.append("- ").append(code(c.hash())).append(' ').append(line(c.subject(), SUBJECT_MAX)).append('\n');
            }
            int more = b.ahead() - b.commits().size();
            if (more > 0 || b.aheadCapped()) {
                md.append("- … and ").append(b.aheadCapped() ? "more than " + more : String.valueOf(more))
                        .append(" older ").append(more == 1 && !b.aheadCapped() ? "commit" : "commits").append('\n');
            }
            md.append('\n');
        }
        Handoff.DiffStat d = b.diff();
        if (d != null) {
            md.append("### Changes against ").append(code(b.base())).append(" (").append(d.files())
                    .append(d.files() == 1 ? " file" : " files").append(", +").append(d.insertions()).append(" −")
                    .append(d.deletions()).append(d.partial() ? ", lines counted for the first "
                            + BranchReader.FILES_COUNTED + " files" : "").append(")\n\n");
            if (d.files() == 0) {
                md.append("No changes.\n");
            }
            for (Handoff.FileChange f : d.shown()) {
                md.append("- ");
                if (f.oldPath() != null) {
                    md.append(code(line(f.oldPath(), PATH_MAX))).append(" → ");
                }
                md.append(code(line(f.path(), PATH_MAX)));
                if (!"modify".equals(f.change())) {
                    md.append(" (").append(changeWord(f.change())).append(')');
                }
                md.append(f.binary() ? " binary" : " +" + f.insertions() + " −" + f.deletions()).append('\n');
            }
            int more = d.files() - d.shown().size();
            if (more > 0) {
                md.append("- … and ").append(more).append(more == 1 ? " more file" : " more files").append('\n');
            }
            md.append('\n');
        }
        Handoff.Uncommitted u = b.uncommitted();
        if (u != null) {
            md.append("### Uncommitted in the worktree");
            if (u.clean()) {
                md.append("\n\nNone: the worktree is clean.\n\n");
                return;
            }
            md.append(" (").append(uncommittedCounts(u)).append(")\n\n");
            md.append("These changes are not on the branch: continue in that worktree, or have them committed first.\n\n");
            for (String e : u.entries()) {
                md.append("- ").append(e.charAt(0)).append(' ').append(code(line(e.substring(2), PATH_MAX))).append('\n');
            }
            int more = u.total() - u.entries().size();
            if (more > 0) {
                md.append("- … and ").append(more).append(more == 1 ? " more path" : " more paths").append('\n');
            }
            md.append('\n');
        }
    }

    private static void state(StringBuilder md, Handoff h) {
        Handoff.Agent a = h.agent();
        md.append("## State at the handoff\n\n");
        md.append("- Status: ").append(line(a.status() == null ? "unknown" : a.status(), 40));
        if (a.lastSeen() != null) {
            md.append(", last seen ").append(HUMAN.format(a.lastSeen()));
        }
        md.append('\n');
        if (a.lastAction() != null && !a.lastAction().isBlank()) {
            md.append("- Last action: ").append(line(a.lastAction(), ACTION_MAX)).append('\n');
        }
        if (a.blockedOn() != null) {
            md.append("- Waits on: ").append(line(a.blockedOn(), 80)).append('\n');
        }
        if (!a.waitedOnBy().isEmpty()) {
            md.append("- Waited on by: ").append(words(a.waitedOnBy())).append('\n');
        }
        String moved = h.to() == null ? "" : " (moved to " + h.to() + ")";
        md.append("- File claims: ").append(a.files().isEmpty() ? "none" : globs(a.files()) + moved).append('\n');
        if (!a.pendingFiles().isEmpty()) {
            md.append("- Waiting for approval: ").append(globs(a.pendingFiles())).append(moved).append('\n');
        }
        md.append('\n');
    }

    private static void escalations(StringBuilder md, Handoff h) {
        md.append("## Open escalations on #").append(h.issue().number()).append("\n\n");
        if (h.escalations().isEmpty()) {
            md.append("None.\n");
        }
        List<Handoff.OpenEscalation> shown = h.escalations().size() > ESCALATIONS_SHOWN
                ? h.escalations().subList(0, ESCALATIONS_SHOWN) : h.escalations();
        for (Handoff.OpenEscalation e : shown) {
            md.append("- ").append(code(e.id())).append(' ').append(line(e.kind() == null ? "escalation" : e.kind(), 20));
            if (e.agent() != null) {
                md.append(" by ").append(line(e.agent(), 64));
            }
            if (e.createdAt() != null) {
                md.append(", ").append(HUMAN.format(e.createdAt()));
            }
            md.append(": ").append(line(e.message(), ESCALATION_MAX)).append('\n');
        }
        if (h.escalations().size() > shown.size()) {
            md.append("- … and ").append(h.escalations().size() - shown.size()).append(" more\n");
        }
        if (h.escalationsUnreadable() > 0) {
            md.append("- (").append(h.escalationsUnreadable()).append(" escalation ")
                    .append(h.escalationsUnreadable() == 1 ? "file" : "files").append(" could not be read)\n");
        }
        md.append('\n');
    }

    private static void activity(StringBuilder md, Handoff h) {
        md.append("## Recent activity of ").append(h.from()).append(" (oldest first)\n\n");
        if (h.activity().isEmpty()) {
            md.append("Nothing recorded.\n");
        }
        for (Handoff.Activity a : h.activity()) {
            md.append("- ").append(a.at() == null ? "?" : HUMAN.format(a.at()));
            if (a.issue() != null && a.issue() != h.issue().number()) {
                md.append(" · #").append(a.issue());
            }
            md.append(" · ").append(line(a.status() == null ? "?" : a.status(), 40));
            if (a.blockedOn() != null) {
                md.append(" on ").append(line(a.blockedOn(), 80));
            }
            if (a.action() != null) {
                md.append(" · ").append(line(a.action(), ACTION_MAX));
            }
            md.append('\n');
        }
        md.append('\n');
    }

    private static void earlier(StringBuilder md, Handoff h) {
        if (h.earlier().isEmpty()) {
            return;
        }
        md.append("## Earlier handoffs on #").append(h.issue().number()).append("\n\n");
        List<String> shown = h.earlier().size() > EARLIER_SHOWN
                ? h.earlier().subList(h.earlier().size() - EARLIER_SHOWN, h.earlier().size()) : h.earlier();
        if (shown.size() < h.earlier().size()) {
            md.append("- … ").append(h.earlier().size() - shown.size()).append(" older\n");
        }
        for (String p : shown) {
            md.append("- ").append(code("git show " + StorePaths.REF + ":" + p)).append('\n');
        }
        md.append('\n');
    }

    private static void pickUp(StringBuilder md, Handoff h) {
        int n = h.issue().number();
        String who = h.to() == null ? "YOUR-NAME" : h.to();
        Handoff.Branch b = h.branch();
        md.append("## How to pick this up\n\n");
        int step = 1;
        md.append(step++).append(". Read the note, the open escalations and the commits above; the issue itself is #")
                .append(n).append(".\n");
        if (b.name() != null) {
            md.append(step++).append(". Continue on branch ").append(code(b.name()));
            if (b.worktree() != null) {
                md.append(": in ").append(h.from()).append("'s worktree ").append(code(line(b.worktree(), PATH_MAX)))
                        .append(" once ").append(h.from()).append(" has stopped, or in a worktree of your own (")
                        .append(code("git worktree add ../" + n + "-continued " + b.name()))
                        .append(") once that worktree is gone: a branch is checked out in one worktree at a time");
            }
            md.append(".\n");
            if (b.uncommitted() != null && !b.uncommitted().clean()) {
                md.append("   The uncommitted changes listed above exist only in that worktree.\n");
            }
        } else if (b.head() != null) {
            md.append(step++).append(". There is no branch: start one from the detached HEAD, e.g. ")
                    .append(code("git switch -c " + n + "-continued " + b.head())).append(".\n");
        }
        if (h.to() == null) {
            md.append(step++).append(". ").append(h.from()).append(" still holds the claim on #").append(n)
                    .append(" until it signs off (").append(code("ghp agent-heartbeat --agent " + h.from() + " --sign-off"))
                    .append(") or hands it over with ").append(code("ghp agent-handoff --agent " + h.from() + " --to NAME"))
                    .append(".\n");
        } else {
            md.append(step++).append(". The claim on #").append(n).append(h.agent().files().isEmpty() ? "" : " and the file claims")
                    .append(" moved to ").append(h.to()).append(" with this handoff.\n");
        }
        md.append(step++).append(". Say you have started: ")
                .append(code("ghp agent-heartbeat --agent " + who + " --issue " + n
                        + " --status implementing --action \"picked up the handoff from " + h.from() + "\""))
                .append('\n');
        md.append(step).append(". Read this again with ").append(code("ghp agent-handoff --show --issue " + n)).append('\n');
    }

    private static String commits(int n, boolean capped) {
        return (capped ? "more than " + n : String.valueOf(n)) + (n == 1 && !capped ? " commit" : " commits");
    }

    private static String changeWord(String change) {
        return switch (change) {
            case "add" -> "added";
            case "delete" -> "deleted";
            case "rename" -> "renamed";
            case "copy" -> "copied";
            default -> change;
        };
    }

    static String uncommittedCounts(Handoff.Uncommitted u) {
        StringBuilder s = new StringBuilder();
        append(s, u.modified(), "modified");
        append(s, u.added(), "added");
        append(s, u.deleted(), "deleted");
        append(s, u.untracked(), "untracked");
        append(s, u.conflicting(), "in conflict");
        return s.toString();
    }

    private static void append(StringBuilder s, int n, String what) {
        if (n > 0) {
            s.append(s.length() == 0 ? "" : ", ").append(n).append(' ').append(what);
        }
    }

    private static String words(List<String> items) {
        String joined = items.stream().limit(LIST_ITEMS).map(i -> line(i, 64)).collect(Collectors.joining(", "));
        return items.size() > LIST_ITEMS ? joined + ", … (" + (items.size() - LIST_ITEMS) + " more)" : joined;
    }

    private static String globs(List<String> items) {
        String joined = items.stream().limit(LIST_ITEMS).map(i -> code(line(i, PATH_MAX))).collect(Collectors.joining(", "));
        return items.size() > LIST_ITEMS ? joined + ", … (" + (items.size() - LIST_ITEMS) + " more)" : joined;
    }

    static String human(Instant t) {
        return HUMAN.format(t);
    }
}

package dev.ghp.agents.hooks;

import dev.ghp.agents.errors.UsageException;
import java.util.ArrayList;
import java.util.List;

/**
 * The protocol agents keep in {@code AGENTS.md} / {@code CLAUDE.md}, between two marker comments,
 * so that it can be rewritten in place while every line outside the markers stays as it was.
 */
public final class AgentsMdBlock {
    public static final String BEGIN = "<!-- ghp-agents:begin";
    public static final String END = "<!-- ghp-agents:end";

    private static final List<String> LINES = List.of(
            BEGIN + " (written by 'ghp agent-hooks agents-md'; edits between these markers are replaced) -->",
            "## Working alongside other agents (ghp-agents)",
            "",
            "Several agents work in this repository at once, each in its own worktree. The shared record of who",
            "works on what lives on the git ref `refs/ghp/coordination`; `ghp agent-status` shows it.",
            "",
            "- **Report what you do.** Hooks refresh your heartbeat after tool calls, mark you `waiting` when your",
            "  turn ends and `implementing` again at your next tool call; your status and action are yours to",
            "  keep true. When your phase changes or you finish a step:",
            "  `ghp agent-heartbeat --status planning|implementing|testing|reviewing --action \"what you just did\"`",
            "- **Claim before you work.** A heartbeat with `--issue N` claims issue N (your branch name usually",
            "  names it already). Exit code 3 means another live agent holds the issue or the files: do not work",
            "  around it and do not retry in a loop; pick other work or escalate.",
            "- **Blocked?** `ghp agent-heartbeat --status blocked --blocked-on <issue-or-agent>`, then work on",
            "  something else or wait.",
            "- **Escalate instead of guessing.** When a requirement is unclear, work conflicts, or you need an",
            "  approval: `ghp agent-escalate \"what a human should decide\"` (`--kind decision|approval|conflict`),",
            "  then work on something else or wait.",
            "- **Answers and messages reach you mid-session.** Answers to your escalations, approvals, assignments,",
            "  and messages from other agents or people arrive through the hooks: after a tool call or when your human",
            "  writes, as context marked `[ghp-agents]`; at the end of your turn, once, when one asks something of",
            "  you; and at session start. Each comes once and is then marked read; `ghp agent-inbox` shows what is",
            "  unread (`--all`: the read ones too). Answer an agent with `ghp agent-message --to AGENT \"…\"`",
            "  (`--to #N` or `--to all` reaches several), and a person with `ghp agent-escalate \"…\"`.",
            "- **Hand off before you leave unfinished work:** `ghp agent-handoff --note \"what the next agent needs\"`.",
            "  Starting on an issue someone left: `ghp agent-handoff --show` (also shown at session start).",
            "- **Finish:** `ghp agent-heartbeat --status done --action \"opened PR #N\"`; `--sign-off` removes your entry.",
            "- **Exit codes:** 0 ok · 1 internal error (report it) · 2 bad input (fix the command) · 3 refused by an",
            "  authority rule (claim held, overlap, approval pending) · 4 attention needed · 5 repository or state",
            "  problem (stop and tell a human; never delete or rewrite `refs/ghp/coordination` yourself).",
            END + " -->");

    private AgentsMdBlock() {
    }

    /** The block, with {@code \n} line ends and a final newline. */
    public static String text() {
        return String.join("\n", LINES) + "\n";
    }

    /**
     * The file's new text: the block replaces the one between the markers, or is appended (after a
     * blank line) when the file has none, or is the whole file when there is no file.
     *
     * @param existing the file's text, or null when it does not exist
     * @param fileName for error messages
     * @throws UsageException when the markers are not one begin followed by one end
     */
    public static String apply(String existing, String fileName) {
        if (existing == null || existing.isEmpty()) {
            return text();
        }
        String nl = existing.contains("\r\n") ? "\r\n" : "\n";
        List<String> lines = new ArrayList<>(List.of(existing.split("\r?\n", -1)));
        boolean finalNewline = existing.endsWith("\n");
        if (finalNewline) {
            lines.remove(lines.size() - 1);
        }
        List<Integer> begins = new ArrayList<>();
        List<Integer> ends = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String t = lines.get(i).trim();
            if (t.startsWith(BEGIN)) {
                begins.add(i);
            } else if (t.startsWith(END)) {
                ends.add(i);
            }
        }
        List<String> out = new ArrayList<>();
        if (begins.isEmpty() && ends.isEmpty()) {
            out.addAll(lines);
            if (!out.isEmpty() && !out.get(out.size() - 1).isBlank()) {
                out.add("");
            }
            out.addAll(LINES);
            return String.join(nl, out) + nl;
        }
        if (begins.size() != 1 || ends.size() != 1 || ends.get(0) < begins.get(0)) {
            throw new UsageException(fileName + " has " + begins.size() + " begin and " + ends.size()
                    + " end marker(s) of the ghp-agents block, not one pair in order; nothing was changed",
                    "leave exactly one '" + BEGIN + " …' line followed by one '" + END + " -->' line (or neither), then run it again");
        }
        out.addAll(lines.subList(0, begins.get(0)));
        out.addAll(LINES);
        out.addAll(lines.subList(ends.get(0) + 1, lines.size()));
        return String.join(nl, out) + (finalNewline ? nl : "");
    }
}

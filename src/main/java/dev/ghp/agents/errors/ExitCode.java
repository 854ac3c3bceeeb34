package dev.ghp.agents.errors;

/** The documented exit codes, shared by every command (docs/design.md#the-command-line-contract). */
public final class ExitCode {
    public static final int OK = 0;
    public static final int INTERNAL = 1;
    public static final int USAGE = 2;
    public static final int REFUSED = 3;
    public static final int ATTENTION = 4;
    public static final int STATE = 5;
    /**
     * Interrupted (Ctrl-C during a wait): 128 + SIGINT, as a shell reports a command a signal ended.
     * Not in {@link #HELP_TABLE}: no command ends so by itself (docs/commands.md, "Exit codes").
     */
    public static final int INTERRUPTED = 130;

    /** The table printed in every command's help. */
    public static final String HELP_TABLE =
            "  0  ok%n"
            + "  1  internal error%n"
            + "  2  usage error or bad input%n"
            + "  3  refused by an authority rule (claim held, overlap, approval pending)%n"
            + "  4  attention needed (stale agents or open escalations, with --check)%n"
            + "  5  repository or state problem (not a git repository, corrupt state, remote failure)";

    private ExitCode() {
    }
}

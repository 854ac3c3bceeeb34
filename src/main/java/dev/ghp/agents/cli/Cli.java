package dev.ghp.agents.cli;

import dev.ghp.agents.errors.ExitCode;
import dev.ghp.agents.errors.GhpException;
import dev.ghp.agents.git.CommandVariables;
import dev.ghp.agents.text.Printable;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import picocli.CommandLine;
import picocli.CommandLine.Model.UsageMessageSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Builds the command line and turns every failure into one line on stderr and a documented exit
 * code, in one place. Only the sub-command that was asked for is constructed, so a heartbeat
 * does not pay for the others' set-up.
 */
public final class Cli {
    private static final Map<String, BiFunction<Io, Environment, Object>> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("agent-heartbeat", HeartbeatCommand::new);
        COMMANDS.put("agent-status", StatusCommand::new);
        COMMANDS.put("agent-sync", SyncCommand::new);
        COMMANDS.put("agent-handoff", HandoffCommand::new);
        COMMANDS.put("agent-escalate", EscalateCommand::new);
        COMMANDS.put("agent-message", MessageCommand::new);
        COMMANDS.put("agent-inbox", InboxCommand::new);
        COMMANDS.put("agent-assign", AssignCommand::new);
        COMMANDS.put("agent-guard", GuardCommand::new);
        COMMANDS.put("agent-hooks", HooksCommand::create);
        COMMANDS.put("completion", CompletionCommand::new);
        COMMANDS.put("agent-prune", PruneCommand::new);
        COMMANDS.put("agent-daemon", DaemonCommand::new);
    }

    private Cli() {
    }

    /**
     * Runs a command in its caller's context: {@code env} is all it knows of the world, and the
     * library code under it (JGit's variables, home and child processes) sees the same.
     */
    public static int run(Io io, Environment env, String... args) {
        return CommandVariables.with(env.variables(),
                () -> execute(build(io, env, args.length > 0 ? args[0] : null), io, args));
    }

    /**
     * Runs {@code args} with the sub-command {@code name} built by {@code factory} instead of the
     * usual one, with the same parsing and error handling: the seam through which tests give a
     * command fakes of remote services.
     */
    public static int runWith(Io io, Environment env, String name, BiFunction<Io, Environment, Object> factory,
                              String... args) {
        CommandLine cl = new CommandLine(new GhpCommand());
        cl.addSubcommand(name, factory.apply(io, env));
        return CommandVariables.with(env.variables(), () -> execute(configure(cl, io), io, args));
    }

    private static int execute(CommandLine cl, Io io, String... args) {
        dev.ghp.agents.trace.Trace.mark("command line built");
        try {
            return cl.execute(args);
        } finally {
            io.out().flush();
            io.err().flush();
            io.afterOutput().commandEnded(io.out());
        }
    }

    /** The whole command tree, every command constructed: for completion scripts and man pages. */
    public static CommandLine tree(Io io, Environment env) {
        return build(io, env, null);
    }

    static CommandLine build(Io io, Environment env, String firstArg) {
        CommandLine cl = new CommandLine(new GhpCommand());
        if (firstArg != null && COMMANDS.containsKey(firstArg)) {
            cl.addSubcommand(firstArg, COMMANDS.get(firstArg).apply(io, env));
        } else {
            COMMANDS.forEach((name, factory) -> cl.addSubcommand(name, factory.apply(io, env)));
        }
        return configure(cl, io);
    }

    /** Settings reach only the sub-commands already added, so this comes last. */
    private static CommandLine configure(CommandLine cl, Io io) {
        noAtFiles(cl);
        forEachCommand(cl, Cli::exitCodeTable);
        cl.registerConverter(Duration.class, new DurationConverter());
        // What the shared --agent and --issue say in each command's help.
        cl.setResourceBundle(new OptionTexts());
        cl.setOut(io.out());
        cl.setErr(io.err());
        // Wide enough that the exit-code table and the examples are not split mid-line.
        cl.setUsageHelpWidth(100);
        cl.setParameterExceptionHandler(Cli::badUsage);
        cl.setExecutionExceptionHandler(Cli::failed);
        return cl;
    }

    /**
     * An argument is what it says: with Picocli's default "@file" expansion, "--action @notes.md"
     * became the lines of notes.md (options included), read relative to the JVM's directory, which
     * is the daemon's, not the caller's. Picocli expands at the root only; every command of the tree
     * is set all the same, so that no command run on its own could expand.
     */
    private static void noAtFiles(CommandLine cl) {
        forEachCommand(cl, c -> c.setExpandAtFiles(false));
    }

    /** Picocli passes converters and most settings down to the sub-commands already added, not footers. */
    private static void forEachCommand(CommandLine cl, Consumer<CommandLine> action) {
        action.accept(cl);
        cl.getSubcommands().values().forEach(sub -> forEachCommand(sub, action));
    }

    /** The exit codes are the same for every command, so the table is written here once, last in each help. */
    private static void exitCodeTable(CommandLine cl) {
        if (cl.getCommandSpec().userObject() instanceof NoExitCodeTable) {
            return;
        }
        UsageMessageSpec usage = cl.getCommandSpec().usageMessage();
        List<String> footer = new ArrayList<>(List.of(usage.footer()));
        footer.addAll(List.of("", "Exit codes:", ExitCode.HELP_TABLE));
        usage.footer(footer.toArray(String[]::new));
    }

    private static int badUsage(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        if (e.getCause() instanceof DurationConverter.NotADuration bad && e.getArgSpec() != null) {
            err.println("ghp: error: " + Printable.line(DurationConverter.message(e.getArgSpec(), bad)));
            err.println("hint: " + DurationConverter.hint(e.getArgSpec()));
            return ExitCode.USAGE;
        }
        err.println("ghp: error: " + Printable.line(e.getMessage()));
        err.println("hint: see '" + cmd.getCommandSpec().qualifiedName() + " --help'");
        return ExitCode.USAGE;
    }

    private static int failed(Exception e, CommandLine cmd, ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        boolean verbose = false;
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            verbose |= p.hasMatchedOption("--verbose");
        }
        return report(e, err, verbose);
    }

    /**
     * A command's failure as every command reports it: {@code ghp: error: ...} and a hint on
     * {@code err}; returns its exit code. Hook runs report a heartbeat that failed this way too.
     */
    static int report(Exception e, PrintWriter err, boolean verbose) {
        err.println("ghp: error: " + problem(e));
        if (e instanceof GhpException g) {
            if (g.hint() != null) {
                err.println("hint: " + Printable.line(g.hint()));
            }
            if (verbose && g.getCause() != null) {
                g.getCause().printStackTrace(err);
            }
            return g.exitCode();
        }
        if (verbose) {
            e.printStackTrace(err);
        } else {
            err.println("hint: run it again with --verbose for the stack trace, and report it");
        }
        return ExitCode.INTERNAL;
    }

    /**
     * The failure in one line, as {@code ghp: error:} tells it. The last line of defence: a message
     * may quote recorded text (an agent's name, a path) that its builder did not neutralise; one
     * line, nothing acting or invisible.
     */
    static String problem(Exception e) {
        return e instanceof GhpException g ? Printable.line(g.getMessage())
                : "internal error: " + Printable.line(String.valueOf(e));
    }
}

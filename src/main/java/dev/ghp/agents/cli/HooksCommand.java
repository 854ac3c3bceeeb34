package dev.ghp.agents.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghp.agents.errors.ExitCode;
import dev.ghp.agents.errors.GhpException;
import dev.ghp.agents.errors.StateException;
import dev.ghp.agents.errors.UsageException;
import dev.ghp.agents.git.RepoContext;
import dev.ghp.agents.git.RepoLocator;
import dev.ghp.agents.hooks.AgentsMdBlock;
import dev.ghp.agents.hooks.ClaudeSettings;
import dev.ghp.agents.hooks.GhpHookScripts;
import dev.ghp.agents.hooks.HookEvent;
import dev.ghp.agents.hooks.HookInput;
import dev.ghp.agents.hooks.HookPlan;
import dev.ghp.agents.hooks.SessionBriefing;
import dev.ghp.agents.hooks.SettingsFile;
import dev.ghp.agents.model.AgentRecord;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.text.Printable;
import dev.ghp.agents.input.SpawnContext;
import dev.ghp.agents.rules.StaleDetector;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ghp agent-hooks}: makes coordination part of an agent's loop without anyone remembering
 * to. Installs Claude Code hooks (and GHP's hook scripts), answers them ({@code run}), and writes
 * the protocol block for {@code AGENTS.md}.
 */
@Command(name = "agent-hooks",
        description = {
            "Connect agents to the coordination record through their hooks.",
            "Claude Code's hooks heartbeat after tool use, mark the agent waiting when its turn ends and",
            "brief it at session start; agents-md writes the protocol for AGENTS.md / CLAUDE.md."},
        footer = {"", "Set up a repository for agents:",
            "  ghp agent-hooks install                  # .claude/settings.json of this worktree",
            "  ghp agent-hooks agents-md --write AGENTS.md"})
public final class HooksCommand implements Runnable {
    /** The launcher exports its own path, so install can tell users where it is. */
    static final String LAUNCHER_VARIABLE = "GHP_LAUNCHER";
    /** Set to 0, off or false to make hook runs do nothing (a human's own session, say). */
    static final String HOOKS_SWITCH = "GHP_AGENT_HOOKS";

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static CommandLine create(Io io, Environment env) {
        CommandLine cl = new CommandLine(new HooksCommand());
        cl.addSubcommand("install", new Install(io, env));
        cl.addSubcommand("uninstall", new Uninstall(io, env));
        cl.addSubcommand("run", new Run(io, env));
        cl.addSubcommand("agents-md", new AgentsMd(io, env));
        return cl;
    }

    /** What install and uninstall share: where the settings are, and which launcher the hooks call. */
    abstract static class SettingsCommand extends BaseCommand {
        @Option(names = "--claude", description = "Claude Code's hooks (the default, and for now the only agent supported).")
        boolean claude;

        @Option(names = "--settings", paramLabel = "FILE",
                description = "Claude Code settings file. Default: .claude/settings.json at the root of this worktree"
                        + " (project scope, committed). Others: .claude/settings.local.json, ~/.claude/settings.json.")
        Path settings;

        @Option(names = "--ghp", description = "Also GHP's hook scripts .ghp/hooks/agent-active and agent-stopped.")
        boolean ghp;

        @Option(names = "--dry-run", description = "Print the settings as they would be; change nothing.")
        boolean dryRun;

        SettingsCommand(Io io, Environment env) {
            super(io, env);
        }

        Path start() {
            return directory == null ? env.workingDirectory() : env.workingDirectory().resolve(directory);
        }

        Path settingsPath() {
            if (settings != null) {
                String s = settings.toString();
                if (s.equals("~") || s.startsWith("~/")) {
                    String home = env.get("HOME");
                    if (home == null) {
                        throw new UsageException("--settings starts with ~ and HOME is not set");
                    }
                    return Path.of(home).resolve(s.length() > 2 ? s.substring(2) : "");
                }
                return start().resolve(settings).normalize();
            }
            RepoContext rc = repo();
            if (rc.worktree() == null) {
                throw new UsageException("this is a bare repository: it has no .claude/settings.json",
                        "pass --settings FILE, or run it in a worktree");
            }
            return rc.worktree().resolve(".claude").resolve("settings.json");
        }

        Path ghpHooksDir() {
            RepoContext rc = repo();
            Path root = rc.mainWorktree() != null ? rc.mainWorktree() : rc.worktree();
            if (root == null) {
                throw new UsageException("this is a bare repository: GHP's hook scripts live in a worktree");
            }
            return root.resolve(GhpHookScripts.DIRECTORY);
        }

        String display(Path p) {
            // Both are absolute: the start is the caller's directory resolved, p lies under it or the repository.
            Path base = start().normalize();
            Path abs = start().resolve(p).normalize();
            return abs.startsWith(base) && !abs.equals(base) ? base.relativize(abs).toString() : abs.toString();
        }
    }

    @Command(name = "install", description = {
        "Add ghp-agents' hooks to Claude Code's settings, keeping every other hook and setting.",
        "PostToolUse: a throttled, silent heartbeat (ghp agent-heartbeat --throttle 60s --quiet).",
        "Stop: the agent is marked waiting. SessionStart: registers the agent and prints its context",
        "(its claim, escalations for it or its issue, the latest handoff). Running it again changes nothing."},
        footer = {"", "Examples:",
            "  ghp agent-hooks install",
            "  ghp agent-hooks install --settings .claude/settings.local.json --command /opt/ghp-agents/bin/ghp",
            "  ghp agent-hooks install --ghp            # also .ghp/hooks/agent-active and agent-stopped"})
    static final class Install extends SettingsCommand {
        @Option(names = "--command", paramLabel = "CMD", defaultValue = "ghp",
                description = "How the hooks call ghp-agents (default: ghp, found on PATH when the hook runs).")
        String command;

        Install(Io io, Environment env) {
            super(io, env);
        }

        @Override
        protected int run() {
            if (command.isBlank() || command.contains("\n")) {
                throw new UsageException("--command must be one line, like ghp or /opt/ghp-agents/bin/ghp");
            }
            Path path = settingsPath();
            SettingsFile file = SettingsFile.read(path);
            ClaudeSettings.Outcome outcome = ClaudeSettings.install(file.root(), ClaudeSettings.entries(command));
            List<GhpScriptChange> scripts = ghp ? planScripts() : List.of();
            if (dryRun) {
                io.out().print(file.render(outcome.settings()));
                return ExitCode.OK;
            }
            if (outcome.changed()) {
                file.write(outcome.settings());
            }
            scripts.forEach(GhpScriptChange::apply);
            report(path, outcome, scripts);
            warnIfLauncherMissing();
            return ExitCode.OK;
        }

        private List<GhpScriptChange> planScripts() {
            Path dir = ghpHooksDir();
            List<GhpScriptChange> changes = new ArrayList<>();
            for (GhpHookScripts.Script s : GhpHookScripts.scripts(command)) {
                Path p = dir.resolve(s.name());
                String existing = readIfExists(p);
                if (existing != null && !GhpHookScripts.isOurs(existing)) {
                    throw new StateException(display(p) + " exists and was not written by ghp-agents; nothing was changed",
                            "add this line to it yourself: " + command + " agent-hooks run " + s.event().cliName()
                                    + " (it passes stdin on), or move it away and run this again");
                }
                changes.add(new GhpScriptChange(p, existing == null ? s.content() : existing.equals(s.content()) ? null : s.content(),
                        existing != null, false));
            }
            return changes;
        }

        private void report(Path path, ClaudeSettings.Outcome outcome, List<GhpScriptChange> scripts) {
            List<String> unchanged = new ArrayList<>();
            for (ClaudeSettings.Entry e : ClaudeSettings.entries(command)) {
                String k = e.event().claudeName();
                if (!outcome.added().contains(k) && !outcome.updated().contains(k)) {
                    unchanged.add(k);
                }
            }
            if (json) {
                ObjectNode o = Json.object();
                o.put("schemaVersion", 1);
                o.put("settings", path.toString());
                o.put("changed", outcome.changed() || scripts.stream().anyMatch(GhpScriptChange::changes));
                array(o, "added", outcome.added());
                array(o, "updated", outcome.updated());
                array(o, "unchanged", unchanged);
                ArrayNode s = o.putArray("ghpScripts");
                scripts.forEach(c -> s.addObject().put("path", c.path().toString()).put("changed", c.changes()));
                io.out().print(Json.pretty(o));
                return;
            }
            if (outcome.changed()) {
                List<String> done = new ArrayList<>(outcome.added());
                done.addAll(outcome.updated());
                io.out().println("✓ Claude Code hooks installed in " + display(path) + ": " + String.join(", ", done)
                        + (unchanged.isEmpty() ? "" : " (already there: " + String.join(", ", unchanged) + ")"));
            } else {
                io.out().println("✓ Claude Code hooks already installed in " + display(path) + "; nothing changed");
            }
            for (GhpScriptChange c : scripts) {
                io.out().println("✓ " + display(c.path()) + (c.changes() ? c.existed() ? " updated" : " written" : " already in place"));
            }
        }

        /** A hook that cannot find ghp-agents fails on every tool call; better to say so now. */
        private void warnIfLauncherMissing() {
            if (!"ghp".equals(command)) {
                return;
            }
            if (dev.ghp.agents.ghp.GhpExecutables.launcherFirstOnPath(env.get("PATH"))) {
                return;
            }
            String launcher = env.get(LAUNCHER_VARIABLE);
            io.err().println("warning: the hooks call 'ghp', and the first ghp on PATH is not ghp-agents' launcher;"
                    + " until it is, they fail (quietly) on every call");
            io.err().println("hint: put ghp-agents' bin directory first on PATH"
                    + (launcher == null ? ", or install with --command /path/to/ghp-agents/bin/ghp"
                    : " (" + Path.of(launcher).getParent() + "), or install with --command " + launcher));
        }
    }

    @Command(name = "uninstall", description = {
        "Remove exactly the hooks ghp-agents added, and nothing else.",
        "They are found by their command. A group, event list or hooks object that only held ours goes with them; so does the file,",
        "when nothing is left in it."})
    static final class Uninstall extends SettingsCommand {
        Uninstall(Io io, Environment env) {
            super(io, env);
        }

        @Override
        protected int run() {
            Path path = settingsPath();
            SettingsFile file = SettingsFile.read(path);
            ClaudeSettings.Outcome outcome = ClaudeSettings.uninstall(file.root());
            boolean deleteFile = outcome.changed() && outcome.settings().isEmpty();
            List<GhpScriptChange> scripts = new ArrayList<>();
            if (ghp) {
                Path dir = ghpHooksDir();
                for (GhpHookScripts.Script s : GhpHookScripts.scripts("ghp")) {
                    Path p = dir.resolve(s.name());
                    String existing = readIfExists(p);
                    if (existing != null && GhpHookScripts.isOurs(existing)) {
                        scripts.add(new GhpScriptChange(p, null, true, true));
                    }
                }
            }
            if (dryRun) {
                io.out().print(deleteFile ? "" : file.render(outcome.settings()));
                return ExitCode.OK;
            }
            if (deleteFile) {
                file.delete();
            } else if (outcome.changed()) {
                file.write(outcome.settings());
            }
            scripts.forEach(GhpScriptChange::apply);
            if (json) {
                ObjectNode o = Json.object();
                o.put("schemaVersion", 1);
                o.put("settings", path.toString());
                o.put("changed", outcome.changed() || !scripts.isEmpty());
                array(o, "removed", outcome.removed());
                o.put("fileRemoved", deleteFile);
                ArrayNode s = o.putArray("ghpScriptsRemoved");
                scripts.forEach(c -> s.add(c.path().toString()));
                io.out().print(Json.pretty(o));
                return ExitCode.OK;
            }
            if (outcome.changed()) {
                io.out().println("✓ removed ghp-agents' hooks from " + display(path) + ": " + String.join(", ", outcome.removed())
                        + (deleteFile ? " (the file held nothing else and was removed)" : ""));
            } else {
                io.out().println((file.exists() ? display(path) + " has no ghp-agents hooks" : display(path) + " does not exist")
                        + "; nothing changed");
            }
            scripts.forEach(c -> io.out().println("✓ removed " + display(c.path())));
            return ExitCode.OK;
        }
    }

    /** A GHP hook script to write ({@code content}), remove, or leave ({@code content} null, not {@code remove}). */
    record GhpScriptChange(Path path, String content, boolean existed, boolean remove) {
        boolean changes() {
            return remove || content != null;
        }

        void apply() {
            try {
                if (remove) {
                    Files.deleteIfExists(path);
                } else if (content != null) {
                    Files.createDirectories(path.getParent());
                    Files.writeString(path, content, StandardCharsets.UTF_8);
                    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
                }
            } catch (IOException | UnsupportedOperationException e) {
                throw new StateException("cannot write " + path + ": " + e.getMessage(), "check that it is writable", e);
            }
        }
    }

    @Command(name = "run", description = {
        "Answer one hook event (Claude Code and GHP's hook scripts run this).",
        "The event's JSON comes on stdin; its \"cwd\" says which worktree, and so which agent and issue.",
        "Prints nothing on stdout, except for session-start, whose output is the agent's context. Never",
        "fails the session: every error goes to stderr and it exits 0. GHP_AGENT_HOOKS=off disables it."},
        footer = {"", "Try one by hand:",
            "  echo '{\"cwd\": \"'\"$PWD\"'\"}' | ghp agent-hooks run session-start"})
    static final class Run extends BaseCommand implements NoExitCodeTable {
        @Parameters(index = "0", arity = "0..1", paramLabel = "EVENT",
                description = "post-tool-use, stop or session-start (or Claude Code's names).",
                completionCandidates = EventNames.class)
        String event;

        /** A hook must not fail on arguments a newer install added: exit 2 would block Claude Code. */
        @CommandLine.Unmatched
        List<String> unmatched = new ArrayList<>();

        Run(Io io, Environment env) {
            super(io, env);
        }

        @Override
        protected int run() {
            try {
                return answer();
            } catch (GhpException e) {
                io.err().println("ghp: hook " + Printable.line(event) + ": " + Printable.line(e.getMessage()));
                if (e.hint() != null) {
                    io.err().println("hint: " + Printable.line(e.hint()));
                }
                if (verbose && e.getCause() != null) {
                    e.getCause().printStackTrace(io.err());
                }
            } catch (RuntimeException e) {
                io.err().println("ghp: hook " + Printable.line(event) + ": internal error: " + Printable.line(String.valueOf(e)));
                if (verbose) {
                    e.printStackTrace(io.err());
                }
            }
            return ExitCode.OK;
        }

        private int answer() {
            if (!unmatched.isEmpty()) {
                io.err().println("ghp: hook " + Printable.line(event) + ": ignoring unknown arguments "
                        + Printable.quote(String.join(" ", unmatched)));
            }
            HookEvent which = HookEvent.parse(event).orElseThrow(() -> new UsageException(
                    "unknown hook event '" + Printable.quote(event) + "'", "use post-tool-use, stop or session-start"));
            String hooksSwitch = env.get(HOOKS_SWITCH);
            if (hooksSwitch != null && List.of("0", "off", "false", "no").contains(hooksSwitch.toLowerCase(Locale.ROOT))) {
                return ExitCode.OK;
            }
            HookInput input = "1".equals(env.get("GHP_STDIN_TTY")) ? HookInput.none() : HookInput.read(io.in());
            if (input.problem() != null) {
                io.err().println("ghp: hook " + which + ": " + input.problem() + "; using the current directory");
            }
            Path dir = where(input);
            if (!RepoLocator.isInsideRepository(dir, env.variables())) {
                // Hooks installed for the user fire in every project; outside git there is nothing to record.
                return ExitCode.OK;
            }
            directory = dir;
            RepoContext rc = repo();
            SpawnContext spawn = spawnContext();
            String name = identity(null).name();
            AgentRecord current = store().read().status().agents().get(name);

            List<String> args = HookPlan.heartbeatArgs(which, current);
            String problem = args.isEmpty() ? null : heartbeat(dir, args);
            if (which == HookEvent.SESSION_START) {
                Integer fallbackIssue = contextIssue(spawn);
                SessionBriefing briefing = SessionBriefing.from(store().read(), name,
                        rc.worktree() == null ? null : rc.worktree().toString(), rc.branch(), fallbackIssue,
                        env.clock().instant(), new StaleDetector(staleAfter()), problem);
                io.out().print(briefing.render());
            }
            return ExitCode.OK;
        }

        /** Where the session is: -C, else the event's cwd, else Claude Code's project dir, else here. */
        private Path where(HookInput input) {
            if (directory != null) {
                return env.workingDirectory().resolve(directory);
            }
            for (String candidate : Arrays.asList(input.cwd(), env.get("CLAUDE_PROJECT_DIR"))) {
                if (candidate != null && !candidate.isBlank()) {
                    Path p = Path.of(candidate);
                    if (p.isAbsolute() && Files.isDirectory(p)) {
                        return p;
                    }
                }
            }
            return env.workingDirectory();
        }

        /** Runs {@code ghp agent-heartbeat} in-process; returns the first line of its error, or null. */
        private String heartbeat(Path dir, List<String> args) {
            List<String> argv = new ArrayList<>();
            argv.add("agent-heartbeat");
            argv.addAll(args);
            StringWriter errors = new StringWriter();
            int code = Cli.run(new Io(new PrintWriter(Writer.nullWriter()), new PrintWriter(errors)),
                    env.withWorkingDirectory(dir), argv.toArray(String[]::new));
            String text = errors.toString();
            if (!text.isEmpty()) {
                io.err().print(text);
            }
            if (code == ExitCode.OK) {
                return null;
            }
            String first = text.lines().findFirst().orElse("exit code " + code);
            return first.startsWith("ghp: error: ") ? first.substring("ghp: error: ".length()) : first;
        }

        private Duration staleAfter() {
            return settings().stale().after().valueIgnoringInvalidEnvironment();
        }
    }

    /** Completion candidates for {@code run}'s event. */
    static final class EventNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Arrays.stream(HookEvent.values()).map(HookEvent::cliName).iterator();
        }
    }

    @Command(name = "agents-md", description = {
        "Print the coordination protocol for agents, or write it into AGENTS.md / CLAUDE.md.",
        "It says when to heartbeat, how to claim, to escalate instead of guessing, how to hand off and",
        "what the exit codes mean. --write puts it between marker comments, replacing the previous",
        "block and leaving every other line of the file as it was."},
        footer = {"", "Examples:",
            "  ghp agent-hooks agents-md --write AGENTS.md",
            "  ghp agent-hooks agents-md --write CLAUDE.md"})
    static final class AgentsMd extends BaseCommand {
        @Option(names = "--write", paramLabel = "FILE", description = "Update FILE in place (created when missing).")
        Path write;

        AgentsMd(Io io, Environment env) {
            super(io, env);
        }

        @Override
        protected int run() {
            if (write == null) {
                if (json) {
                    ObjectNode o = Json.object();
                    o.put("schemaVersion", 1);
                    o.put("block", AgentsMdBlock.text());
                    io.out().print(Json.pretty(o));
                } else {
                    io.out().print(AgentsMdBlock.text());
                }
                return ExitCode.OK;
            }
            Path base = directory == null ? env.workingDirectory() : env.workingDirectory().resolve(directory);
            Path file = base.resolve(write).normalize();
            String existing = readIfExists(file);
            String next = AgentsMdBlock.apply(existing, write.toString());
            boolean changed = !next.equals(existing);
            if (changed) {
                try {
                    Path parent = file.getParent();
                    Files.createDirectories(parent);
                    Path tmp = Files.createTempFile(parent, "." + file.getFileName(), ".tmp");
                    try {
                        Files.writeString(tmp, next, StandardCharsets.UTF_8);
                        if (existing != null) {
                            Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(file.toRealPath()));
                        } else {
                            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
                        }
                        Files.move(tmp, existing != null ? file.toRealPath() : file,
                                java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                    } finally {
                        Files.deleteIfExists(tmp);
                    }
                } catch (IOException | UnsupportedOperationException e) {
                    throw new StateException("cannot write " + file + ": " + e.getMessage(), "check that it is writable", e);
                }
            }
            String what = existing == null ? "created" : !changed ? "unchanged"
                    : existing.contains(AgentsMdBlock.BEGIN) ? "replaced" : "added";
            if (json) {
                ObjectNode o = Json.object();
                o.put("schemaVersion", 1);
                o.put("file", file.toString());
                o.put("changed", changed);
                o.put("result", what);
                io.out().print(Json.pretty(o));
            } else {
                io.out().println("✓ " + write + ": ghp-agents protocol block " + what);
            }
            return ExitCode.OK;
        }
    }

    static String readIfExists(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
            throw new StateException("cannot read " + p + ": " + e.getMessage(), null, e);
        }
    }

    private static void array(ObjectNode o, String field, List<String> values) {
        ArrayNode a = o.putArray(field);
        values.forEach(a::add);
    }
}

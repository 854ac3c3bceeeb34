package dev.ghp.agents.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghp.agents.errors.ExitCode;
import dev.ghp.agents.errors.StateException;
import dev.ghp.agents.errors.UsageException;
import dev.ghp.agents.ghp.GhpExecutables;
import dev.ghp.agents.hooks.ClaudeSettings;
import dev.ghp.agents.hooks.GhpHookScripts;
import dev.ghp.agents.hooks.SettingsFile;
import dev.ghp.agents.model.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ghp agent-hooks install}: adds our hooks to Claude Code's settings (and GHP's hook scripts). */
@Command(name = "install", description = {
    "Add ghp-agents' hooks to Claude Code's settings, keeping every other hook and setting.",
    "PostToolUse: a throttled, silent heartbeat (ghp agent-heartbeat --throttle 60s --quiet).",
    "Stop: the agent is marked waiting. SessionStart: registers the agent and prints its context",
    "(its claim, escalations for it or its issue, the latest handoff). Running it again changes nothing."},
    footer = {"", "Examples:",
        "  ghp agent-hooks install",
        "  ghp agent-hooks install --settings .claude/settings.local.json --command /opt/ghp-agents/bin/ghp",
        "  ghp agent-hooks install --ghp            # also .ghp/hooks/agent-active and agent-stopped"})
final class HooksInstallCommand extends HookSettingsCommand {
    /** The launcher exports its own path, so install can tell users where it is. */
    static final String LAUNCHER_VARIABLE = "GHP_LAUNCHER";

    @Option(names = "--command", paramLabel = "CMD", defaultValue = "ghp",
            description = "How the hooks call ghp-agents (default: ghp, found on PATH when the hook runs).")
    String command;

    HooksInstallCommand(Io io, Environment env) {
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
        List<ScriptChange> scripts = ghp ? planScripts() : List.of();
        if (dryRun) {
            io.out().print(file.render(outcome.settings()));
            return ExitCode.OK;
        }
        if (outcome.changed()) {
            file.write(outcome.settings());
        }
        scripts.forEach(ScriptChange::apply);
        report(path, outcome, scripts);
        warnIfLauncherMissing();
        return ExitCode.OK;
    }

    private List<ScriptChange> planScripts() {
        Path dir = ghpHooksDir();
        List<ScriptChange> changes = new ArrayList<>();
        for (GhpHookScripts.Script s : GhpHookScripts.scripts(command)) {
            Path p = dir.resolve(s.name());
            String existing = OptionalTextFile.read(p);
            if (existing != null && !GhpHookScripts.isOurs(existing)) {
                throw new StateException(display(p) + " exists and was not written by ghp-agents; nothing was changed",
                        "add this line to it yourself: " + command + " agent-hooks run " + s.event().cliName()
                                + " (it passes stdin on), or move it away and run this again");
            }
            changes.add(new ScriptChange(p, existing == null ? s.content() : existing.equals(s.content()) ? null : s.content(),
                    existing != null, false));
        }
        return changes;
    }

    private void report(Path path, ClaudeSettings.Outcome outcome, List<ScriptChange> scripts) {
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
            o.put("changed", outcome.changed() || scripts.stream().anyMatch(ScriptChange::changes));
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
        for (ScriptChange c : scripts) {
            io.out().println("✓ " + display(c.path()) + (c.changes() ? c.existed() ? " updated" : " written" : " already in place"));
        }
    }

    /** A hook that cannot find ghp-agents fails on every tool call; better to say so now. */
    private void warnIfLauncherMissing() {
        if (!"ghp".equals(command)) {
            return;
        }
        if (GhpExecutables.launcherFirstOnPath(env.get("PATH"))) {
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


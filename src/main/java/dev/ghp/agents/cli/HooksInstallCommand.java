package dev.ghp.agents.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghp.agents.errors.ExitCode;
import dev.ghp.agents.errors.StateException;
import dev.ghp.agents.errors.UsageException;
import dev.ghp.agents.ghp.GhpExecutables;
import dev.ghp.agents.hooks.GhpHookScripts;
import dev.ghp.agents.hooks.HookAgent;
import dev.ghp.agents.hooks.HookCommand;
import dev.ghp.agents.hooks.HookEntry;
import dev.ghp.agents.hooks.HooksShape;
import dev.ghp.agents.hooks.SettingsFile;
import dev.ghp.agents.model.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.treewalk.TreeWalk;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ghp agent-hooks install}: adds our hooks to each agent's hooks file (and GHP's hook scripts). */
@Command(name = "install", description = {
    "Add ghp-agents' hooks to each agent's own hooks file, keeping every other hook and setting.",
    "After a tool call: a throttled, silent heartbeat (ghp agent-heartbeat --throttle 60s --quiet).",
    "Turn ended, permission prompt: the agent is marked waiting. Session start: registers the agent",
    "and gives it its context (its claim, escalations, the latest handoff). Running it again changes nothing."},
    footer = {"", "Examples:",
        "  ghp agent-hooks install                          # every agent whose folder exists, else Claude Code",
        "  ghp agent-hooks install --for codex --for cursor",
        "  ghp agent-hooks install --settings ~/.claude/settings.json --command /opt/ghp-agents/bin/ghp-agents",
        "  ghp agent-hooks install --ghp            # also GHP's .ghp/hooks/agent-active and agent-stopped (heartbeat only)"})
final class HooksInstallCommand extends HookSettingsCommand {
    /** The launcher exports its own path, so install can tell users where it is. */
    static final String LAUNCHER_VARIABLE = "GHP_LAUNCHER";

    @Option(names = "--command", paramLabel = "CMD", defaultValue = HookCommand.LAUNCHER,
            description = "How the hooks call ghp-agents (default: ghp-agents, found on PATH when the hook runs;"
                    + " where it is not, the hook does nothing and exits 0).")
    String command;

    HooksInstallCommand(Io io, Environment env) {
        super(io, env);
    }

    /** One agent's file, before and after. */
    private record Plan(HookAgent agent, Path path, SettingsFile file, List<HookEntry> entries, HooksShape.Outcome outcome) {
    }

    @Override
    protected int run() {
        if (command.isBlank() || command.contains("\n")) {
            throw new UsageException("--command must be one line, like ghp-agents or /opt/ghp-agents/bin/ghp-agents");
        }
        List<Plan> plans = new ArrayList<>();
        for (HookAgent agent : chosenAgents()) {
            Path path = settingsPath(agent);
            SettingsFile file = SettingsFile.read(path);
            // Under --ghp too: GHP discards its scripts' output, so our own hooks deliver beside them (#23).
            List<HookEntry> entries = agent.entries(command);
            plans.add(new Plan(agent, path, file, entries, agent.shape().install(file.root(), entries)));
        }
        List<ScriptChange> scripts = ghp ? planScripts() : List.of();
        if (dryRun) {
            for (Plan p : plans) {
                if (plans.size() > 1) {
                    io.out().println("==> " + display(p.path()) + " <==");
                }
                io.out().print(p.file().render(p.outcome().settings()));
            }
            return ExitCode.OK;
        }
        for (Plan p : plans) {
            if (p.outcome().changed()) {
                p.file().write(p.outcome().settings());
            }
        }
        scripts.forEach(ScriptChange::apply);
        report(plans, scripts);
        warnIfLauncherMissing();
        plans.forEach(this::warnIfNotCommitted);
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
                                + " --for claude (it passes stdin on), or move it away and run this again");
            }
            changes.add(new ScriptChange(p, existing == null ? s.content() : existing.equals(s.content()) ? null : s.content(),
                    existing != null, false));
        }
        return changes;
    }

    private void report(List<Plan> plans, List<ScriptChange> scripts) {
        if (json) {
            ObjectNode o = Json.object();
            o.put("schemaVersion", 2);
            o.put("changed", plans.stream().anyMatch(p -> p.outcome().changed()) || scripts.stream().anyMatch(ScriptChange::changes));
            ArrayNode a = o.putArray("agents");
            for (Plan p : plans) {
                ObjectNode e = a.addObject();
                e.put("agent", p.agent().id());
                e.put("settings", p.path().toString());
                e.put("changed", p.outcome().changed());
                array(e, "added", p.outcome().added());
                array(e, "updated", p.outcome().updated());
                array(e, "unchanged", unchanged(p));
                array(e, "removed", p.outcome().removed());
            }
            ArrayNode s = o.putArray("ghpScripts");
            scripts.forEach(c -> s.addObject().put("path", c.path().toString()).put("changed", c.changes()));
            io.out().print(Json.pretty(o));
            return;
        }
        for (Plan p : plans) {
            HooksShape.Outcome outcome = p.outcome();
            String name = p.agent().displayName();
            if (outcome.changed()) {
                List<String> done = new ArrayList<>(outcome.added());
                done.addAll(outcome.updated());
                List<String> unchanged = unchanged(p);
                io.out().println("✓ " + name + " hooks installed in " + display(p.path()) + ": "
                        + (done.isEmpty() ? "nothing new" : String.join(", ", done))
                        + (unchanged.isEmpty() ? "" : " (already there: " + String.join(", ", unchanged) + ")")
                        + (outcome.removed().isEmpty() ? "" : "; ours removed from " + String.join(", ", outcome.removed())));
            } else {
                io.out().println("✓ " + name + " hooks already installed in " + display(p.path()) + "; nothing changed");
            }
        }
        for (ScriptChange c : scripts) {
            io.out().println("✓ " + display(c.path()) + (c.changes() ? c.existed() ? " updated" : " written" : " already in place"));
        }
    }

    private static List<String> unchanged(Plan p) {
        List<String> unchanged = new ArrayList<>();
        for (HookEntry e : p.entries()) {
            if (!p.outcome().added().contains(e.key()) && !p.outcome().updated().contains(e.key())) {
                unchanged.add(e.key());
            }
        }
        return unchanged;
    }

    /** The hooks do nothing (silently) where ghp-agents is not found; better to say so now. */
    private void warnIfLauncherMissing() {
        boolean found = command.contains("/") ? Files.isExecutable(Path.of(command))
                : GhpExecutables.onPath(env.get("PATH"), command).isPresent();
        if (found) {
            return;
        }
        String launcher = env.get(LAUNCHER_VARIABLE);
        io.err().println("warning: the hooks call '" + command + "', which is not on PATH here;"
                + " until it is, they do nothing (they exit 0 without a word)");
        io.err().println("hint: put ghp-agents' bin directory on PATH"
                + (launcher == null ? ", or install with --command /path/to/ghp-agents/bin/ghp-agents"
                : " (" + Path.of(launcher).getParent() + "), or install with --command "
                        + Path.of(launcher).resolveSibling(HookCommand.LAUNCHER)));
    }

    /**
     * GHP creates an agent's worktree with 'git worktree add', which checks out the commit: a hooks
     * file written here and not committed never reaches it, so that agent runs without hooks.
     */
    private void warnIfNotCommitted(Plan p) {
        Path worktree = repo().worktree();
        Path file = p.path().normalize();
        if (worktree == null || !file.startsWith(worktree) || !Files.exists(file) || p.outcome().settings().isEmpty()) {
            return;
        }
        String rel = worktree.relativize(file).toString().replace('\\', '/');
        if (committedAsIs(repo().repository(), rel, file)) {
            return;
        }
        io.err().println("warning: " + display(file) + " is not committed as it is now: worktrees made from a commit"
                + " (git worktree add, ghp start) do not get these hooks");
        io.err().println("hint: commit it (git add " + rel + " && git commit), or install for your user with --for "
                + p.agent().id() + " --settings " + p.agent().userFile());
    }

    private static boolean committedAsIs(Repository repository, String rel, Path file) {
        try {
            ObjectId tree = repository.resolve(Constants.HEAD + "^{tree}");
            if (tree == null) {
                return false;
            }
            try (TreeWalk walk = TreeWalk.forPath(repository, rel, tree)) {
                if (walk == null) {
                    return false;
                }
                ObjectId now = new ObjectInserter.Formatter().idFor(Constants.OBJ_BLOB, Files.readAllBytes(file));
                return now.equals(walk.getObjectId(0));
            }
        } catch (IOException e) {
            return false;
        }
    }
}

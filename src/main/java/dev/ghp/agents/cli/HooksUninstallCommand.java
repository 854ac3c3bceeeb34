package dev.ghp.agents.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghp.agents.errors.ExitCode;
import dev.ghp.agents.hooks.GhpHookScripts;
import dev.ghp.agents.hooks.HookAgent;
import dev.ghp.agents.hooks.HooksShape;
import dev.ghp.agents.hooks.SettingsFile;
import dev.ghp.agents.model.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code ghp agent-hooks uninstall}: removes exactly the hooks (and GHP hook scripts) we added. */
@Command(name = "uninstall", description = {
    "Remove exactly the hooks ghp-agents added, and nothing else, from each agent's hooks file.",
    "They are found by their command. A group, event list or hooks object that only held ours goes with them; so does the file,",
    "when nothing is left in it."})
final class HooksUninstallCommand extends HookSettingsCommand {
    HooksUninstallCommand(Io io, Environment env) {
        super(io, env);
    }

    private record Plan(HookAgent agent, Path path, SettingsFile file, HooksShape.Outcome outcome, boolean deleteFile) {
    }

    @Override
    protected int run() {
        List<Plan> plans = new ArrayList<>();
        for (HookAgent agent : chosenAgents()) {
            Path path = settingsPath(agent);
            SettingsFile file = SettingsFile.read(path);
            HooksShape.Outcome outcome = agent.shape().uninstall(file.root());
            plans.add(new Plan(agent, path, file, outcome, outcome.changed() && outcome.settings().isEmpty()));
        }
        List<ScriptChange> scripts = new ArrayList<>();
        if (ghp) {
            Path dir = ghpHooksDir();
            for (GhpHookScripts.Script s : GhpHookScripts.scripts("ghp-agents")) {
                Path p = dir.resolve(s.name());
                String existing = OptionalTextFile.read(p);
                if (existing != null && GhpHookScripts.isOurs(existing)) {
                    scripts.add(new ScriptChange(p, null, true, true));
                }
            }
        }
        if (dryRun) {
            for (Plan p : plans) {
                if (plans.size() > 1) {
                    io.out().println("==> " + display(p.path()) + " <==");
                }
                io.out().print(p.deleteFile() ? "" : p.file().render(p.outcome().settings()));
            }
            return ExitCode.OK;
        }
        for (Plan p : plans) {
            if (p.deleteFile()) {
                p.file().delete();
            } else if (p.outcome().changed()) {
                p.file().write(p.outcome().settings());
            }
        }
        scripts.forEach(ScriptChange::apply);
        if (json) {
            ObjectNode o = Json.object();
            o.put("schemaVersion", 2);
            o.put("changed", plans.stream().anyMatch(p -> p.outcome().changed()) || !scripts.isEmpty());
            ArrayNode a = o.putArray("agents");
            for (Plan p : plans) {
                ObjectNode e = a.addObject();
                e.put("agent", p.agent().id());
                e.put("settings", p.path().toString());
                e.put("changed", p.outcome().changed());
                array(e, "removed", p.outcome().removed());
                e.put("fileRemoved", p.deleteFile());
            }
            ArrayNode s = o.putArray("ghpScriptsRemoved");
            scripts.forEach(c -> s.add(c.path().toString()));
            io.out().print(Json.pretty(o));
            return ExitCode.OK;
        }
        for (Plan p : plans) {
            if (p.outcome().changed()) {
                io.out().println("✓ removed ghp-agents' hooks from " + display(p.path()) + ": " + String.join(", ", p.outcome().removed())
                        + (p.deleteFile() ? " (the file held nothing else and was removed)" : ""));
            } else {
                io.out().println((p.file().exists() ? display(p.path()) + " has no ghp-agents hooks" : display(p.path()) + " does not exist")
                        + "; nothing changed");
            }
        }
        scripts.forEach(c -> io.out().println("✓ removed " + display(c.path())));
        return ExitCode.OK;
    }
}

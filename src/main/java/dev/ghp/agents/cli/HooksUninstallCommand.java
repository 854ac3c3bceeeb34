package dev.ghp.agents.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghp.agents.errors.ExitCode;
import dev.ghp.agents.hooks.ClaudeSettings;
import dev.ghp.agents.hooks.GhpHookScripts;
import dev.ghp.agents.hooks.SettingsFile;
import dev.ghp.agents.model.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code ghp agent-hooks uninstall}: removes exactly the hooks (and GHP hook scripts) we added. */
@Command(name = "uninstall", description = {
    "Remove exactly the hooks ghp-agents added, and nothing else.",
    "They are found by their command. A group, event list or hooks object that only held ours goes with them; so does the file,",
    "when nothing is left in it."})
final class HooksUninstallCommand extends HookSettingsCommand {
    HooksUninstallCommand(Io io, Environment env) {
        super(io, env);
    }

    @Override
    protected int run() {
        Path path = settingsPath();
        SettingsFile file = SettingsFile.read(path);
        ClaudeSettings.Outcome outcome = ClaudeSettings.uninstall(file.root());
        boolean deleteFile = outcome.changed() && outcome.settings().isEmpty();
        List<ScriptChange> scripts = new ArrayList<>();
        if (ghp) {
            Path dir = ghpHooksDir();
            for (GhpHookScripts.Script s : GhpHookScripts.scripts("ghp")) {
                Path p = dir.resolve(s.name());
                String existing = OptionalTextFile.read(p);
                if (existing != null && GhpHookScripts.isOurs(existing)) {
                    scripts.add(new ScriptChange(p, null, true, true));
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
        scripts.forEach(ScriptChange::apply);
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


package dev.ghp.agents.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghp.agents.errors.StateException;
import dev.ghp.agents.errors.UsageException;
import dev.ghp.agents.git.RepoContext;
import dev.ghp.agents.hooks.GhpHookScripts;
import dev.ghp.agents.hooks.HookAgent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Option;

/** What agent-hooks install and uninstall share: where the settings are, and GHP's hook scripts. */
abstract class HookSettingsCommand extends BaseCommand {
    @Option(names = "--for", paramLabel = "AGENT", split = ",",
            description = "The agent(s): claude, codex, gemini, cursor, copilot (repeatable, or comma-separated)."
                    + " Default: every agent whose project folder (.claude, .codex, .gemini, .cursor, .github/hooks)"
                    + " exists in this worktree, else claude.")
    List<String> agents = new ArrayList<>();

    @Option(names = "--claude", description = "Same as --for claude.")
    boolean claude;

    @Option(names = "--settings", paramLabel = "FILE",
            description = "The hooks file, for one agent. Default: the agent's project file at the root of this"
                    + " worktree (committed), e.g. .claude/settings.json. Others: .claude/settings.local.json,"
                    + " ~/.claude/settings.json.")
    Path settings;

    @Option(names = "--ghp", description = "Claude Code's PostToolUse and Stop through GHP's hook scripts"
            + " .ghp/hooks/agent-active and agent-stopped instead of hooks of ours (SessionStart and the rest stay).")
    boolean ghp;

    @Option(names = "--dry-run", description = "Print the settings as they would be; change nothing.")
    boolean dryRun;

    HookSettingsCommand(Io io, Environment env) {
        super(io, env);
    }

    Path start() {
        return directory == null ? env.workingDirectory() : env.workingDirectory().resolve(directory);
    }

    /** The agents chosen: --for, else those whose project folder exists, else Claude Code. */
    List<HookAgent> chosenAgents() {
        Set<HookAgent> chosen = new LinkedHashSet<>();
        for (String a : agents) {
            chosen.add(HookAgent.parse(a).orElseThrow(() -> new UsageException(
                    "unknown agent '" + a + "' for --for", "use " + HookAgent.names())));
        }
        if (claude) {
            chosen.add(HookAgent.CLAUDE);
        }
        if (chosen.isEmpty()) {
            Path root = repo().worktree();
            for (HookAgent a : HookAgent.values()) {
                if (root != null && Files.isDirectory(root.resolve(a.folder()))) {
                    chosen.add(a);
                }
            }
        }
        if (chosen.isEmpty()) {
            chosen.add(HookAgent.CLAUDE);
        }
        if (settings != null && chosen.size() > 1) {
            throw new UsageException("--settings names one file, and " + chosen.size() + " agents were chosen",
                    "add --for AGENT to say whose file it is");
        }
        if (ghp && !chosen.contains(HookAgent.CLAUDE)) {
            throw new UsageException("--ghp is GHP's route for Claude Code's hooks", "add --for claude");
        }
        return List.copyOf(chosen);
    }

    Path settingsPath(HookAgent agent) {
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
            throw new UsageException("this is a bare repository: it has no " + agent.file(),
                    "pass --settings FILE, or run it in a worktree");
        }
        return rc.worktree().resolve(agent.file());
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

    static void array(ObjectNode o, String field, List<String> values) {
        ArrayNode a = o.putArray(field);
        values.forEach(a::add);
    }

    /** A GHP hook script to write ({@code content}), remove, or leave ({@code content} null, not {@code remove}). */
    record ScriptChange(Path path, String content, boolean existed, boolean remove) {
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
}

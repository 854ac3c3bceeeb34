package dev.ghp.agents.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghp.agents.errors.StateException;
import dev.ghp.agents.errors.UsageException;
import dev.ghp.agents.git.RepoContext;
import dev.ghp.agents.hooks.GhpHookScripts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import picocli.CommandLine.Option;

/** What agent-hooks install and uninstall share: where the settings are, and GHP's hook scripts. */
abstract class HookSettingsCommand extends BaseCommand {
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

    HookSettingsCommand(Io io, Environment env) {
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

package dev.ghp.agents.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ghp.agents.model.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The files an agent's edit or write tool call would change, read from its pre-tool hook's input
 * as each agent names them (docs/guide.md, "The edit guard"), and where they are in the worktree.
 * Only the edit tools are read: a shell command is never parsed for paths (the commit guard is the
 * last line for what a shell writes). A tool this class does not know edits nothing here.
 */
public final class EditTargets {
    /** Claude Code's edit tools, as its {@code PreToolUse} matcher (a regular expression over the tool's name). */
    static final String CLAUDE_MATCHER = "Edit|Write|MultiEdit|NotebookEdit";
    /** Codex CLI edits through {@code apply_patch} alone (its matcher also takes the aliases Edit and Write). */
    static final String CODEX_MATCHER = "apply_patch";
    /** Gemini CLI's {@code BeforeTool} matcher, a regular expression over its tool names. */
    static final String GEMINI_MATCHER = "write_file|replace";
    /** Cursor's {@code preToolUse} matcher: the names its agent's file tools are reported by. */
    static final String CURSOR_MATCHER = "Write|Edit|StrReplace|MultiEdit|Delete";

    private static final Set<String> CLAUDE_TOOLS = Set.of("Edit", "Write", "MultiEdit", "NotebookEdit");
    private static final Set<String> CODEX_TOOLS = Set.of("apply_patch", "Edit", "Write");
    private static final Set<String> GEMINI_TOOLS = Set.of("write_file", "replace");
    private static final Set<String> CURSOR_TOOLS = Set.of("Write", "Edit", "StrReplace", "MultiEdit", "Delete");
    private static final Set<String> COPILOT_TOOLS = Set.of("edit", "create");

    /**
     * The headers of an {@code apply_patch} envelope that name a file it writes: the rest of the
     * patch (its hunks, which may hold any text, a line like a header included) is not read.
     */
    private static final List<String> PATCH_HEADERS = List.of("*** Update File: ", "*** Add File: ",
            "*** Delete File: ", "*** Move to: ");

    private EditTargets() {
    }

    /**
     * The paths {@code agent}'s tool call would write, as the tool names them (absolute, or
     * relative to the session's directory); empty for a tool that is not an edit tool, or an input
     * without the field.
     */
    public static List<String> named(HookAgent agent, HookInput input) {
        String tool = input.toolName();
        if (tool == null) {
            return List.of();
        }
        Map<String, String> in = input.toolInput();
        return switch (agent) {
            case CLAUDE -> !CLAUDE_TOOLS.contains(tool) ? List.of()
                    : present(in.getOrDefault("file_path", in.get("notebook_path")));
            case CODEX -> CODEX_TOOLS.contains(tool) ? patchTargets(in.get("command")) : List.of();
            case GEMINI -> GEMINI_TOOLS.contains(tool) ? present(in.get("file_path")) : List.of();
            case CURSOR -> CURSOR_TOOLS.contains(tool) ? firstPath(in, input.toolArgs()) : List.of();
            case COPILOT -> COPILOT_TOOLS.contains(tool) ? firstPath(in, input.toolArgs()) : List.of();
        };
    }

    /** The files an {@code apply_patch} envelope names in its headers. */
    static List<String> patchTargets(String patch) {
        if (patch == null) {
            return List.of();
        }
        Set<String> out = new LinkedHashSet<>();
        for (String line : patch.split("\n", -1)) {
            for (String header : PATCH_HEADERS) {
                if (line.startsWith(header)) {
                    String path = line.substring(header.length()).strip();
                    if (!path.isEmpty()) {
                        out.add(path);
                    }
                }
            }
        }
        return List.copyOf(out);
    }

    /** {@code file_path}, {@code path} or {@code target_file}, of the object or of the JSON text of the arguments. */
    private static List<String> firstPath(Map<String, String> fields, String argsJson) {
        for (String key : List.of("file_path", "path", "target_file")) {
            if (fields.get(key) != null) {
                return present(fields.get(key));
            }
        }
        JsonNode args = argsJson == null ? null : Json.parseTree(argsJson);
        if (args == null || !args.isObject()) {
            return List.of();
        }
        for (String key : List.of("file_path", "path", "target_file")) {
            if (args.path(key).isTextual()) {
                return present(args.path(key).asText());
            }
        }
        return List.of();
    }

    private static List<String> present(String path) {
        return path == null || path.isBlank() ? List.of() : List.of(path);
    }

    /**
     * The named paths that are in the worktree, relative to its root with {@code /} between
     * names, {@code .} and {@code ..} resolved. A path outside the worktree (the agent's own
     * temporary files, another checkout), the root itself, and a name no path can have are left
     * out: the record says nothing about them.
     *
     * @param cwd      the session's directory, absolute, which a relative path is relative to
     * @param worktree the worktree's root, absolute
     */
    public static List<String> inWorktree(List<String> named, Path cwd, Path worktree) {
        if (!cwd.isAbsolute() || !worktree.isAbsolute()) {
            // Never resolved against the JVM's own directory: in the daemon, that is not the caller's.
            throw new IllegalArgumentException("not absolute: " + (cwd.isAbsolute() ? worktree : cwd));
        }
        Path root = worktree.normalize();
        Path realRoot = real(root);
        List<String> out = new ArrayList<>();
        for (String name : named) {
            Path path;
            try {
                if (name.indexOf('\0') >= 0) {
                    continue;
                }
                path = cwd.resolve(name).normalize();
            } catch (InvalidPathException e) {
                continue;
            }
            String relative = relative(path, root);
            if (relative == null && realRoot != null) {
                // The agent may name the worktree through a symbolic link (/tmp on macOS), or the
                // worktree's root may be one: compare where both really are.
                relative = relative(realOfNearestExisting(path), realRoot);
            }
            if (relative != null && !relative.isEmpty() && !out.contains(relative)) {
                out.add(relative);
            }
        }
        return List.copyOf(out);
    }

    private static String relative(Path path, Path root) {
        if (path == null || !path.startsWith(root)) {
            return null;
        }
        List<String> names = new ArrayList<>();
        root.relativize(path).forEach(n -> names.add(n.toString()));
        return String.join("/", names);
    }

    private static Path real(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The real path of the nearest directory that exists, with the names below it that do not yet. */
    private static Path realOfNearestExisting(Path path) {
        Path existing = path;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        Path real = existing == null ? null : real(existing);
        return real == null ? null : real.resolve(existing.relativize(path)).normalize();
    }
}

package dev.ghp.agents.hooks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghp.agents.errors.StateException;
import dev.ghp.agents.model.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JSON settings file as a person keeps it: read whole, written back in its own indentation,
 * line endings and final newline, replaced atomically (a reader never sees half a file), through
 * a symbolic link to the real file rather than over the link (dotfile managers link settings).
 *
 * @param path          the file as given
 * @param exists        whether it existed when read
 * @param root          its content (an empty object for a missing file)
 * @param indent        the indentation unit it uses
 * @param crlf          whether its lines end in CR LF
 * @param finalNewline  whether it ends with a line break
 */
public record SettingsFile(Path path, boolean exists, ObjectNode root, String indent, boolean crlf, boolean finalNewline) {
    private static final Pattern INDENT = Pattern.compile("^([ \\t]+)[\"}\\]]", Pattern.MULTILINE);

    public static SettingsFile read(Path path) {
        if (!Files.exists(path)) {
            return new SettingsFile(path, false, Json.object(), "  ", false, true);
        }
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new StateException("cannot read " + path + ": " + e.getMessage(), null, e);
        }
        ObjectNode root;
        if (text.isBlank()) {
            root = Json.object();
        } else {
            try {
                root = Json.parseObject(text);
            } catch (IOException e) {
                root = null;
            }
            if (root == null) {
                throw new StateException(path + " is not a JSON object; nothing was changed",
                        "fix it by hand (Claude Code reads it too), or choose another file with --settings");
            }
        }
        Matcher m = INDENT.matcher(text);
        String indent = m.find() ? m.group(1) : "  ";
        boolean finalNewline = text.isEmpty() || text.endsWith("\n");
        return new SettingsFile(path, true, root, indent, text.contains("\r\n"), finalNewline);
    }

    /** The text this file would hold with {@code content}, in the file's own style. */
    public String render(ObjectNode content) {
        String text = Json.pretty(content, indent);
        if (!finalNewline) {
            text = text.substring(0, text.length() - 1);
        }
        return crlf ? text.replace("\n", "\r\n") : text;
    }

    /** Writes {@code content}, creating the parent directory when needed. */
    public void write(ObjectNode content) {
        Path target = realTarget();
        try {
            Path dir = target.getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
            try {
                Files.writeString(tmp, render(content), StandardCharsets.UTF_8);
                copyPermissions(target, tmp);
                try {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new StateException("cannot write " + path + ": " + e.getMessage(), "check that it is writable", e);
        }
    }

    public void delete() {
        try {
            Files.deleteIfExists(realTarget());
        } catch (IOException e) {
            throw new StateException("cannot remove " + path + ": " + e.getMessage(), "check that it is writable", e);
        }
    }

    private Path realTarget() {
        try {
            return Files.exists(path) ? path.toRealPath() : path;
        } catch (IOException e) {
            return path;
        }
    }

    /** A temp file is private (0600); the file it replaces keeps its mode, a new one gets 0644 like any file. */
    private static void copyPermissions(Path from, Path to) throws IOException {
        if (Files.getFileAttributeView(to, PosixFileAttributeView.class) == null) {
            return;
        }
        Set<PosixFilePermission> perms = Files.exists(from)
                ? Files.getPosixFilePermissions(from) : PosixFilePermissions.fromString("rw-r--r--");
        Files.setPosixFilePermissions(to, perms);
    }
}

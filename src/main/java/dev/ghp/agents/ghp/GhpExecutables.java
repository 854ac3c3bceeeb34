package dev.ghp.agents.ghp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Two programs answer to {@code ghp}: ghp-agents' launcher and GHP's own CLI. This finds either on
 * {@code PATH} the way the launcher does: a launcher is recognised by the marker in its first
 * bytes, so a copy installed elsewhere is recognised too.
 */
public final class GhpExecutables {
    /** The marker on the first lines of {@code bin/ghp}. */
    public static final String LAUNCHER_MARKER = "ghp-agents-launcher";

    private GhpExecutables() {
    }

    /** Whether the first {@code ghp} on PATH is ghp-agents' launcher (so hooks calling "ghp" reach us). */
    public static boolean launcherFirstOnPath(String path) {
        return firstOnPath(path, "ghp").map(GhpExecutables::isLauncher).orElse(false);
    }

    /** GHP's own CLI: {@code GHP_CLI} when set, else the first {@code ghp} on PATH that is not a launcher. */
    public static Optional<Path> ghpCli(Map<String, String> env) {
        String explicit = env.get("GHP_CLI");
        if (explicit != null && !explicit.isEmpty()) {
            Path p = Path.of(explicit);
            return Files.isRegularFile(p) && Files.isExecutable(p) && !isLauncher(p) ? Optional.of(p) : Optional.empty();
        }
        String path = env.get("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(":", -1)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir).resolve("ghp");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate) && !isLauncher(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The first executable called {@code name} on {@code path}. */
    public static Optional<Path> onPath(String path, String name) {
        return firstOnPath(path, name);
    }

    private static Optional<Path> firstOnPath(String path, String name) {
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(":", -1)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir).resolve(name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    public static boolean isLauncher(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readNBytes(512), StandardCharsets.ISO_8859_1).contains(LAUNCHER_MARKER);
        } catch (IOException e) {
            return false;
        }
    }
}

package dev.ghp.agents.hooks;

import dev.ghp.agents.errors.StateException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Installs and removes the pre-commit hook that runs {@code ghp agent-guard check}. A hook that was
 * there before is kept as {@code pre-commit.ghp-previous} and still runs after the guard (with the
 * same arguments and input); uninstalling puts it back. Installing twice updates the script.
 */
public final class CommitGuard {
    public static final String HOOK = "pre-commit";
    public static final String PREVIOUS = "pre-commit.ghp-previous";
    static final String MARKER = "ghp-agents commit guard";

    private CommitGuard() {
    }

    /** @param previous the kept hook, or null when there was none */
    public record Installed(Path hook, Path previous, boolean updated) {
    }

    /** @param restored whether a previous hook was put back */
    public record Removed(Path hook, boolean removed, boolean restored) {
    }

    public static boolean isOurs(Path hook) {
        try {
            return Files.isRegularFile(hook) && Files.readString(hook, StandardCharsets.UTF_8).contains(MARKER);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** @param launcher the absolute path of the {@code ghp} launcher, or null to find {@code ghp} on PATH */
    public static Installed install(Path hooksDir, String launcher) {
        Path hook = hooksDir.resolve(HOOK);
        Path previous = hooksDir.resolve(PREVIOUS);
        try {
            Files.createDirectories(hooksDir);
            boolean updated = isOurs(hook);
            if (!updated && (Files.exists(hook) || Files.isSymbolicLink(hook))) {
                if (Files.exists(previous) || Files.isSymbolicLink(previous)) {
                    throw new StateException("both " + hook + " and " + previous + " exist, and neither is the guard",
                            "keep the hook you want as " + HOOK + ", move the other away, then install again");
                }
                Files.move(hook, previous, StandardCopyOption.ATOMIC_MOVE);
            }
            Path tmp = hooksDir.resolve(HOOK + ".ghp-tmp");
            Files.writeString(tmp, script(launcher), StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
            } catch (UnsupportedOperationException ignored) {
                tmp.toFile().setExecutable(true);
            }
            Files.move(tmp, hook, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            boolean kept = Files.exists(previous) || Files.isSymbolicLink(previous);
            return new Installed(hook, kept ? previous : null, updated);
        } catch (IOException e) {
            throw new StateException("cannot install the hook in " + hooksDir + ": " + e.getMessage(),
                    "check that the directory is writable", e);
        }
    }

    public static Removed uninstall(Path hooksDir) {
        Path hook = hooksDir.resolve(HOOK);
        Path previous = hooksDir.resolve(PREVIOUS);
        if (!isOurs(hook)) {
            return new Removed(hook, false, false);
        }
        try {
            boolean restore = Files.exists(previous) || Files.isSymbolicLink(previous);
            if (restore) {
                Files.move(previous, hook, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.delete(hook);
            }
            return new Removed(hook, true, restore);
        } catch (IOException e) {
            throw new StateException("cannot remove the hook " + hook + ": " + e.getMessage(),
                    "check that the directory is writable", e);
        }
    }

    /** The hook: POSIX sh, silent on stdout, fails open when ghp itself cannot run. */
    static String script(String launcher) {
        String quoted = launcher == null ? "''" : "'" + launcher.replace("'", "'\\''") + "'";
        return String.format(java.util.Locale.ROOT, """
                #!/bin/sh
                # %s: refuses a commit that touches files in another live agent's
                # file scope (ghp agent-heartbeat --files). GHP_GUARD=warn only warns; GHP_GUARD=off skips it.
                # Installed by 'ghp agent-guard install'; 'ghp agent-guard uninstall' restores what was here.
                ghp=%s
                if [ -z "$ghp" ] || [ ! -x "$ghp" ]; then
                  ghp=$(command -v ghp 2>/dev/null)
                fi
                if [ -n "$ghp" ]; then
                  "$ghp" agent-guard check >/dev/null
                  status=$?
                  case $status in
                    0) ;;
                    3) exit 3 ;;
                    *) echo "ghp: warning: the commit guard could not run (exit $status); this commit is not checked" >&2 ;;
                  esac
                else
                  echo "ghp: warning: the commit guard found no ghp command; this commit is not checked" >&2
                fi
                previous="$(dirname "$0")/%s"
                if [ -x "$previous" ]; then
                  exec "$previous" "$@"
                fi
                exit 0
                """, MARKER, quoted, PREVIOUS);
    }
}

package dev.ghp.agents.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.testing.GitRepo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two of bin/ghp's bash functions that replace what bash 3.2 or old macOS lack, cut out of the
 * launcher and run by bash on their edge cases: {@code daemon_bytes} (for {@code read -N}) and
 * {@code resolve_path} (for {@code readlink -f}).
 */
class LauncherFunctionsTest {
    private static final Path LAUNCHER = Path.of("bin/ghp").toAbsolutePath();

    @TempDir
    Path tmp;

    /** Runs SCRIPT in bash with the launcher's function NAME defined, and ARGS as $1... */
    private GitRepo.Result withFunction(String name, String prelude, String script, Path dir, String... args) {
        List<String> command = new ArrayList<>(List.of("bash", "-c",
                "set -u; " + prelude + "eval \"$(sed -n '/^" + name + "() {$/,/^}$/p' \"$0\")\"; "
                        + "declare -F " + name + " >/dev/null || exit 9; " + script,
                LAUNCHER.toString()));
        command.addAll(List.of(args));
        return GitRepo.Processes.run(dir, Map.of("PATH", System.getenv("PATH"), "LANG", "C.UTF-8"), null, command);
    }

    @Test
    void daemonBytesReadsExactlyTheCountedBytesAndLeavesTheRest() throws IOException {
        // 11 bytes counted: a newline, a backslash, a NUL, a two-byte character and a trailing newline.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes("ab\n\\c".getBytes(StandardCharsets.UTF_8));
        bytes.write(0);
        bytes.writeBytes("dé \n".getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes("REST".getBytes(StandardCharsets.UTF_8));
        Path stream = Files.write(tmp.resolve("stream"), bytes.toByteArray());

        GitRepo.Result r = withFunction("daemon_bytes", "", "daemon_timeout=5; exec 9<\"$1\"; daemon_bytes got \"$2\"; "
                + "rest=$(cat <&9); printf '[%s][%s]' \"$got\" \"$rest\"", tmp, stream.toString(), "11");

        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo("[ab\n\\cdé \n][REST]");
    }

    @Test
    void daemonBytesStopsAtTheEndOfAShortStream() throws IOException {
        Path stream = Files.writeString(tmp.resolve("stream"), "only");

        GitRepo.Result r = withFunction("daemon_bytes", "", "daemon_timeout=5; exec 9<\"$1\"; daemon_bytes got 100; "
                + "printf '[%s]' \"$got\"", tmp, stream.toString());

        assertThat(r.out()).isEqualTo("[only]");
    }

    /** macOS before 12.3: readlink has no -f. */
    private static final String NO_DASH_F = "readlink() { case \"$1\" in -f) return 1 ;; esac; command readlink \"$@\"; }; ";

    @Test
    void resolvePathFollowsAChainOfRelativeAndAbsoluteLinksWithoutReadlinkDashF() throws IOException {
        Path real = Files.createDirectories(tmp.resolve("checkout/bin")).resolve("ghp");
        Files.writeString(real, "#!/bin/sh\n");
        Path linkedDir = Files.createSymbolicLink(tmp.resolve("linked-checkout"), tmp.resolve("checkout"));
        Path middle = Files.createSymbolicLink(Files.createDirectories(tmp.resolve("tools")).resolve("ghp-1"),
                linkedDir.resolve("bin/ghp"));
        Path first = Files.createSymbolicLink(Files.createDirectories(tmp.resolve("home/bin")).resolve("ghp"),
                Path.of("../../tools/ghp-1"));

        GitRepo.Result chain = withFunction("resolve_path", NO_DASH_F, "resolve_path \"$1\"", tmp, first.toString());
        GitRepo.Result relative = withFunction("resolve_path", NO_DASH_F, "resolve_path ghp", first.getParent());
        GitRepo.Result plain = withFunction("resolve_path", NO_DASH_F, "resolve_path bin/ghp", tmp.resolve("checkout"));

        String expected = real.toRealPath().toString();
        assertThat(chain.out()).isEqualTo(expected);
        assertThat(relative.out()).isEqualTo(expected);
        assertThat(plain.out()).isEqualTo(expected);
        assertThat(middle).isSymbolicLink();
    }

    @Test
    void resolvePathEndsOnALinkLoop() throws IOException {
        Path a = tmp.resolve("a");
        Files.createSymbolicLink(a, tmp.resolve("b"));
        Files.createSymbolicLink(tmp.resolve("b"), a);

        GitRepo.Result r = withFunction("resolve_path", NO_DASH_F, "resolve_path \"$1\"", tmp, a.toString());

        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith(tmp.toRealPath().toString() + "/");
    }
}

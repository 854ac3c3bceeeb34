package dev.ghp.agents.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.testing.GitRepo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * src/build/bash32-lint.sh, which CI runs on bin/ghp: no bash 3.2 runs here, so the launcher's
 * bash 3.2 rules are checked on its text. Each construct 3.2 lacks is rejected in a sample of its
 * own (so the check can fail), the 3.2 forms that replace them pass, and so does bin/ghp.
 */
class Bash32LintTest {
    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Path LINT = ROOT.resolve("src/build/bash32-lint.sh");

    @TempDir
    Path tmp;

    private GitRepo.Result lint(Path... files) {
        List<String> command = new java.util.ArrayList<>(List.of(LINT.toString()));
        for (Path file : files) {
            command.add(file.toString());
        }
        return GitRepo.Processes.run(ROOT, Map.of("PATH", System.getenv("PATH")), null, command);
    }

    private Path sample(String name, String body) throws IOException {
        return Files.writeString(tmp.resolve(name), "#!/usr/bin/env bash\nset -u\n" + body + "\n");
    }

    @Test
    void theLauncherAndTheBuildScriptUseNothingBash32Lacks() {
        GitRepo.Result r = lint(ROOT.resolve("bin/ghp"), ROOT.resolve("src/build/class-cache.sh"));

        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEmpty();
        assertThat(r.exit()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "exec {fd}<>/dev/tcp/127.0.0.1/80                 | {var} redirection (bash 4.1)",
        "exec {fd}>&-                                       | {var} redirection (bash 4.1)",
        "mapfile -t lines <file                             | mapfile/readarray (bash 4.0)",
        "readarray lines <file                              | mapfile/readarray (bash 4.0)",
        "declare -A seen=()                                 | declare -A (bash 4.0)",
        "local -A seen                                      | declare -A (bash 4.0)",
        "declare -g total=1                                 | declare -g (bash 4.2)",
        "local -n ref=$1                                    | local -n (bash 4.3)",
        "declare -l lower=X                                 | declare -l/-u (bash 4.0)",
        "echo ${name,,}                                     | case modification",
        "echo ${name^^}                                     | case modification",
        "echo ${name^}                                      | case modification",
        "now=$EPOCHSECONDS                                  | EPOCHSECONDS",
        "echo \"${EPOCHSECONDS:-0}\"                        | EPOCHSECONDS",
        "t=$EPOCHREALTIME                                   | EPOCHREALTIME",
        "IFS= read -r -t 5 -N 10 out <&9                    | read -N (bash 4.1)",
        "read -rN 10 out                                    | read -N (bash 4.1)",
        "read -e -i default answer                          | read -i (bash 4.0)",
        "read -r -t 0.5 line                                | read -t with a fraction (bash 4.0)",
        "`case $x in a) echo a ;& b) echo b ;; esac`        | fall-through",
        "`case $x in a) echo a ;;& b) echo b ;; esac`       | fall-through",
        "coproc cat                                         | coproc (bash 4.0)",
        "wait -n                                            | wait -n",
        "echo $BASHPID                                      | $BASHPID (bash 4.0)",
        "`ls |& cat`                                        | `|& (bash 4.0)`",
        "ls &>> log                                         | &>> (bash 4.0)",
        "printf '%(%s)T' -1                                 | printf %(...)T (bash 4.2)",
        "echo ${name@Q}                                     | transformation (bash 4.4)",
        "[[ -v name ]] && echo set                          | test -v",
        "echo ${arr[-1]}                                    | negative array subscript (bash 4.2)",
        "echo ${name:0:-1}                                  | negative substring length",
        "shopt -s globstar                                  | shopt option newer than bash 3.2",
        "opts=(); java \"${opts[@]}\"                       | ${opts[@]} of an empty array",
        "opts=(); echo ${#opts[@]}                          | ${opts[@]} of an empty array",
        "opts=(); echo ${!opts[@]}                          | ${opts[@]} of an empty array",
        "a=(); b=(x); java ${a[@]+\"${b[@]}\"}              | guards another array",
    })
    void eachConstructBash32LacksIsRejectedWithItsLine(String line, String message) throws IOException {
        Path bad = sample("bad.sh", "echo fine\n" + line);

        GitRepo.Result r = lint(bad);

        assertThat(r.exit()).as(r.out()).isEqualTo(1);
        assertThat(r.out()).startsWith(bad + ":4: ").contains(message);
    }

    @Test
    void theBash32FormsPass() throws IOException {
        Path good = sample("good.sh", """
                # Comments may name what they avoid: {fd}, mapfile, read -N, EPOCHSECONDS, ${x,,}.
                # bash32-lint: never-empty always
                always=(-x)
                opts=()
                opts+=(--flag)
                java "${always[@]}" ${opts[@]+"${opts[@]}"} "$@"
                joined="${opts[*]-}"
                exec 9<>"/dev/tcp/127.0.0.1/80"
                IFS= read -r -d '' -t 5 -n 10 out <&9
                exec 9>&-
                printf -v copy '%s' "$joined"
                now=$(date +%s)
                [[ $now =~ ^[0-9]+$ ]] && echo "${#now} ${copy:-none} ${now:0:2} $# ${out-}"
                case "$now" in 1*) echo one ;; *) echo other ;; esac
                ls >log 2>&1
                cat <<'EOF'
                mapfile and {fd}> and read -N are only text here
                EOF
                local_copy=${always[*]}
                """);

        GitRepo.Result r = lint(good);

        assertThat(r.out()).isEmpty();
        assertThat(r.exit()).isZero();
    }

    @Test
    void everyFileIsCheckedAndAMissingOneIsAUsageError() throws IOException {
        Path bad = sample("bad.sh", "mapfile x");
        Path good = sample("good.sh", "echo ok");

        GitRepo.Result both = lint(good, bad);
        GitRepo.Result missing = lint(tmp.resolve("no-such.sh"));
        GitRepo.Result none = lint();

        assertThat(both.exit()).isEqualTo(1);
        assertThat(both.out().lines().toList()).hasSize(1).allMatch(l -> l.startsWith(bad + ":3: "));
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(none.exit()).isEqualTo(2);
    }
}

package dev.ghp.agents.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.testing.GitRepo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance test of the handoff, end to end through the launcher {@code bin/ghp} and real
 * processes: agent alice works on issue 4 on a branch in a linked worktree, reports, claims files,
 * asks a question, hands off to bob with a note; bob, starting from nothing but
 * {@code ghp agent-handoff --show}, finds what he needs and follows the document's own
 * instructions to take the issue over, and the claims are his.
 */
class HandoffIT {
    private static final Path LAUNCHER = Path.of("bin/ghp").toAbsolutePath();
    private static final String SPAWN = """
            {"action": "spawn_subagent", "workingDirectory": "%s",
             "issue": {"number": 4, "title": "Parse the config file", "status": "In Progress"},
             "branch": "alice/4-parse-config", "repository": {"owner": "acme", "name": "demo", "mainBranch": "main"}}""";

    @TempDir
    Path tmp;
    GitRepo main;
    GitRepo alice;

    record Run(int exit, String out, String err) {
    }

    /** Runs {@code bin/ghp} as a fresh process in {@code dir}, with no GHP_* variables but the ones given. */
    static Run ghp(Path dir, Map<String, String> vars, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(LAUNCHER.toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("GHP_") || k.startsWith("MEM0") || k.equals("GITHUB_TOKEN") || k.equals("GH_TOKEN"));
        pb.environment().putAll(GitRepo.GIT_ENV);
        pb.environment().put("NO_COLOR", "1");
        // Each command in its own JVM: a daemon started here would outlive the test.
        pb.environment().put("GHP_DAEMON", "off");
        pb.environment().putAll(vars);
        try {
            Path out = Files.createTempFile("ghp", ".out");
            Path err = Files.createTempFile("ghp", ".err");
            Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            p.getOutputStream().close();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + cmd);
            }
            return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static Run ok(Run r) {
        assertThat(r.exit()).as("exit code; stderr: %s", r.err()).isZero();
        return r;
    }

    @BeforeEach
    void aliceWorksOnIssue4InALinkedWorktree() throws IOException {
        main = GitRepo.init(tmp, "demo");
        main.commitFile("README.md", "# demo\n");
        alice = main.addWorktree("wt-alice", "alice/4-parse-config");
        Map<String, String> asAlice = Map.of("GHP_AGENT", "alice", "GHP_SPAWN_CONTEXT", SPAWN.formatted(alice.dir()));

        ok(ghp(alice.dir(), asAlice, "agent-heartbeat", "--status", "planning", "--action", "read the issue and the spec"));
        alice.commitFile("src/config/Parser.java", "final class Parser {\n  // sections and keys\n}\n");
        ok(ghp(alice.dir(), asAlice, "agent-heartbeat", "--status", "implementing", "--action", "parser for sections and keys",
                "--files", "src/config/**"));
        ok(ghp(alice.dir(), asAlice, "agent-escalate", "Should arrays of tables keep their comments?"));
        alice.commitFile("src/config/ParserTest.java", "final class ParserTest {}\n");
        Files.writeString(alice.dir().resolve("src/config/Parser.java"), "final class Parser {\n  // arrays: half done\n}\n");
        Files.writeString(alice.dir().resolve("TODO-arrays.md"), "arrays of tables\n");
        ok(ghp(alice.dir(), asAlice, "agent-heartbeat", "--action", "arrays half done"));

        Run handoff = ok(ghp(alice.dir(), asAlice, "agent-handoff", "--to", "bob", "--note",
                "Sections and keys parse and are tested. Arrays of tables are half done in Parser.java"
                        + " (uncommitted). Do not change the error format: the CLI tests depend on it."));
        assertThat(handoff.err()).startsWith("✓ handoff of #4 by alice stored as .ghp/handoffs/4-alice-");
    }

    @Test
    void bobPicksUpIssue4FromShowAlone() throws IOException {
        Map<String, String> asBob = Map.of("GHP_AGENT", "bob");

        Run shown = ok(ghp(main.dir(), asBob, "agent-handoff", "--show"));
        String doc = shown.out();

        // What bob needs, from the document alone:
        assertThat(doc).contains("# Handoff of #4: Parse the config file")
                .contains("From **alice** to **bob**")
                .contains("> Sections and keys parse and are tested. Arrays of tables are half done in Parser.java"
                        + " (uncommitted). Do not change the error format: the CLI tests depend on it.")
                .contains("- Branch: `alice/4-parse-config`")
                .contains("- Worktree: `" + alice.dir() + "`")
                .contains("- 2 commits ahead of `main`")
                .contains("add src/config/ParserTest.java").contains("add src/config/Parser.java")
                .contains("### Changes against `main` (2 files, +4 −0)")
                .contains("### Uncommitted in the worktree (1 modified, 1 untracked)")
                .contains("- M `src/config/Parser.java`").contains("- ? `TODO-arrays.md`")
                .contains("· planning · read the issue and the spec")
                .contains("· implementing · arrays half done")
                .contains("- File claims: `src/config/**` (moved to bob)")
                .contains("## Open escalations on #4")
                .contains(" question by alice, ").contains(": Should arrays of tables keep their comments?")
                .contains("The claim on #4 and the file claims moved to bob with this handoff.");
        assertThat(shown.err()).isEmpty();
        assertThat(doc.length()).isLessThan(6_000);

        // The branch it names is real, with the commits it lists.
        assertThat(main.git("log", "--format=%s", "main..alice/4-parse-config").lines())
                .containsExactly("add src/config/ParserTest.java", "add src/config/Parser.java");

        // bob follows the document's own instruction to report that he started.
        Matcher m = Pattern.compile("Say you have started: `(ghp agent-heartbeat [^`]+)`").matcher(doc);
        assertThat(m.find()).as("the document says how to report").isTrue();
        List<String> words = shellWords(m.group(1));
        assertThat(words.get(0)).isEqualTo("ghp");
        ok(ghp(main.dir(), asBob, words.subList(1, words.size()).toArray(String[]::new)));

        JsonNode agents = Json.parseObject(ok(ghp(main.dir(), Map.of(), "agent-status", "--json")).out()).get("agents");
        assertThat(agents.get("bob").get("issue").asInt()).isEqualTo(4);
        assertThat(agents.get("bob").get("status").asText()).isEqualTo("implementing");
        assertThat(agents.get("bob").get("lastAction").asText()).isEqualTo("picked up the handoff from alice");
        assertThat(agents.get("alice").get("status").asText()).isEqualTo("done");
        assertThat(agents.get("alice").get("handedOffTo").asText()).isEqualTo("bob");
        assertThat(agents.get("alice").get("issue").isNull()).isTrue();
        assertThat(agents.get("bob").get("files").toString()).isEqualTo("[\"src/config/**\"]");

        // The claims are bob's now: another agent is refused the same files, as it would have been alice's.
        Run carol = ghp(main.dir(), Map.of("GHP_AGENT", "carol"), "agent-heartbeat", "--issue", "9",
                "--files", "src/config/Parser.java");
        assertThat(carol.exit()).isEqualTo(3);
        assertThat(carol.err()).contains("bob");
        main.assertFsckClean();
    }

    @Test
    void showAsJsonAndTheStoredDocumentAgreeWithPlainGit() throws IOException {
        Run shown = ok(ghp(main.dir(), Map.of(), "agent-handoff", "--show", "--issue", "4", "--json"));

        JsonNode o = Json.parseObject(shown.out());
        assertThat(o.get("from").asText()).isEqualTo("alice");
        assertThat(o.get("to").asText()).isEqualTo("bob");
        assertThat(o.get("markdown").asText()).isEqualTo(main.showCoordination(o.get("path").asText()));
        assertThat(main.git("log", "-1", "--format=%an|%s", "refs/ghp/coordination").trim()).isEqualTo("alice|handoff alice #4 to bob");
    }

    @Test
    void mistakesGiveOneLineErrorsAndNoStackTrace() {
        Run unknown = ghp(main.dir(), Map.of(), "agent-handoff", "--agent", "carol");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err().lines()).hasSize(2).first().asString().startsWith("ghp: error: no agent named carol");

        Run noHandoff = ghp(main.dir(), Map.of(), "agent-handoff", "--show", "--issue", "99");
        assertThat(noHandoff.exit()).isEqualTo(2);
        assertThat(noHandoff.err()).isEqualTo("ghp: error: no handoff for #99 yet\nhint: issues with handoffs: #4\n");

        Run notARepo = ghp(tmp, Map.of(), "agent-handoff", "--show");
        assertThat(notARepo.exit()).isEqualTo(5);

        for (Run r : List.of(unknown, noHandoff, notARepo)) {
            assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
            assertThat(r.out()).isEmpty();
        }
    }

    /** Splits a command line the way a POSIX shell would for the plain quoting the document uses. */
    static List<String> shellWords(String line) {
        List<String> words = new ArrayList<>();
        Matcher m = Pattern.compile("\"([^\"]*)\"|(\\S+)").matcher(line);
        while (m.find()) {
            words.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
        return words;
    }
}

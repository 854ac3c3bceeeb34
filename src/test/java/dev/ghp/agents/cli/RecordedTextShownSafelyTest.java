package dev.ghp.agents.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.testing.CliRunner;
import dev.ghp.agents.testing.GitRepo;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A record written by a foreign writer (plain git, no validation) holds an agent whose name and
 * texts carry an escape sequence, a newline, a bidi override, Unicode tag characters and a
 * zero-width space. Wherever ghp shows them, to a human or to an agent, they must be visible and
 * inert: none of those code points reaches the output, and each is shown as a picture or marker.
 */
class RecordedTextShownSafelyTest {
    /** ESC[31m, a newline, RLO, the tag characters for "AB", a zero-width space. */
    static final String HIDDEN = "\u001b[31m\n\u202e\udb40\udc41\udb40\udc42\u200b";
    static final String EVIL = "evil" + HIDDEN;
    static final String EVIL_JSON = "evil\\u001b[31m\\n\\u202e\\udb40\\udc41\\udb40\\udc42\\u200b";
    /** What a file name in a git tree may hold of it: everything but the newline. */
    static final String EVIL_FILE_AGENT = "evil\u001b[31m\u202e\udb40\udc41\u200b";

    @TempDir
    Path tmp;
    GitRepo main;
    GitRepo worker;
    CliRunner ghp;

    @BeforeEach
    void aForeignRecord() {
        main = GitRepo.init(tmp, "app");
        main.commitFile("README.md", "app\n");
        worker = main.addWorktree("app-wt1", "alice/147-parser");
        ghp = new CliRunner(main.dir());
        main.commitToCoordination(".ghp/agent-status.json", """
                {"schemaVersion": 1, "agents": {
                  "%1$s": {"issue": 147, "status": "implementing", "lastAction": "did %1$s", "files": ["src/**"],
                           "timestamp": "2025-01-25T10:29:00Z", "branch": "b%1$s", "worktree": "/w/%1$s"},
                  "old": {"issue": 9, "status": "blocked", "blockedOn": "%1$s", "lastAction": "waits",
                          "timestamp": "2025-01-25T10:29:30Z"}}}
                """.formatted(EVIL_JSON), "foreign");
        main.commitToCoordination(".ghp/escalations/esc-7f3a9c1d.json", """
                {"schemaVersion": 1, "id": "esc-7f3a9c1d", "kind": "question", "status": "open", "message": "help %1$s",
                 "issue": 147, "agent": "%1$s", "agents": ["%1$s", "app-wt1"], "createdAt": "2025-01-25T10:00:00Z"}
                """.formatted(EVIL_JSON), "foreign");
        main.commitToCoordination(".ghp/handoffs/147-" + EVIL_FILE_AGENT + "-20250125T100000Z.md",
                "# Handoff from " + EVIL_FILE_AGENT + "\nnote " + EVIL_FILE_AGENT + "\n", "foreign");
    }

    static Stream<List<String>> displays() {
        return Stream.of(
                List.of("agent-status"),
                List.of("agent-status", "--check"),
                List.of("agent-status", "--timeline"),
                List.of("agent-escalate", "--list"),
                List.of("agent-escalate", "--show", "esc-7f3a9c1d"),
                List.of("agent-handoff", "--show", "--issue", "147"),
                // refusals that name the holder: the issue, and the file scope
                List.of("agent-heartbeat", "--agent", "bob", "--issue", "147", "--status", "implementing"),
                List.of("agent-heartbeat", "--agent", "bob", "--issue", "200", "--files", "src/a.txt"));
    }

    @ParameterizedTest
    @MethodSource("displays")
    void everyDisplayShowsTheRecordedTextVisiblyAndInert(List<String> args) {
        CliRunner.Result r = ghp.run(args.toArray(String[]::new));

        assertShownSafely(r.out() + r.err());
    }

    @Test
    void theSessionStartBriefingShowsTheOtherAgentVisiblyAndInert() {
        CliRunner.Result r = new CliRunner(tmp).stdin(HookRunCommandTest.event("SessionStart", worker.dir()))
                .run("agent-hooks", "run", "session-start");

        assertThat(r.exit()).isZero();
        // The hook's stdout is the context itself, or JSON holding it: decoded either way, it must be clean.
        dev.ghp.agents.model.Json.parseTree(r.out());
        assertShownSafely(r.out());
        assertThat(r.out()).contains("Also on issue #147");
    }

    @Test
    void jsonOutputEscapesTheInvisibleCharactersAndKeepsTheValuesExact() {
        CliRunner.Result r = ghp.run("agent-status", "--json");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().codePoints()).as(r.out())
                .noneMatch(c -> c == 0x1b || c == 0x202e || c == 0x200b || (c >= 0xd800 && c <= 0xdfff) || c > 0xffff);
        assertThat(r.out()).contains("evil\\u001B[31m\\n\\u202E\\uDB40\\uDC41\\uDB40\\uDC42\\u200B");
        assertThat(dev.ghp.agents.model.Json.parseTree(r.out()).path("agents").path(EVIL).path("lastAction").asText())
                .isEqualTo("did " + EVIL);
    }

    @Test
    void aNameGivenOnTheCommandLineIsRefusedAndQuotedInertly() {
        String before = main.coordinationTip();

        CliRunner.Result r = ghp.run("agent-heartbeat", "--agent", EVIL, "--status", "testing");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().codePoints()).as(r.err())
                .noneMatch(c -> c == 0x1b || c == 0x202e || c == 0x200b || (c >= 0xe0000 && c <= 0xe007f));
        assertThat(r.err().lines().filter(l -> l.startsWith("ghp: error: "))).hasSize(1);
        assertThat(main.coordinationTip()).isEqualTo(before);
    }

    static void assertShownSafely(String shown) {
        assertThat(shown.codePoints()).as(shown)
                .noneMatch(c -> c == 0x1b || c == 0x202e || c == 0x200b || (c >= 0xe0000 && c <= 0xe007f));
        assertThat(shown).as("the evil name is there, visibly").contains("evil␛[31m");
        assertThat(shown).contains("<U+202E>");
        assertThat(shown.lines()).as("no recorded newline starts a line of its own")
                .noneMatch(l -> l.startsWith("<U+202E>") || l.startsWith("\u202e"));
    }
}

package dev.ghp.agents.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.testing.CliRunner;
import dev.ghp.agents.testing.GitRepo;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What goes with {@code agent-status --serve} (#24): each refusal one line and exit 2, before anything is served. */
class StatusServeOptionsTest {
    @TempDir
    Path tmp;

    @Test
    void serveRefusesWhatDoesNotGoWithIt() {
        CliRunner ghp = new CliRunner(GitRepo.init(tmp, "repo").dir());
        for (String[] args : new String[][] {
            {"agent-status", "--serve", "--json"}, {"agent-status", "--serve", "--watch"},
            {"agent-status", "--serve", "--check"}, {"agent-status", "--serve", "--timeline"}}) {
            var r = ghp.run(args);
            assertThat(r.exit()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.err()).as(String.join(" ", args)).contains("--serve serves a page until interrupted");
            assertThat(r.out()).isEmpty();
        }
        var dashboard = ghp.run("agent-status", "--dashboard", "--serve");
        assertThat(dashboard.out()).contains("\"success\": false").contains("--dashboard prints one JSON answer").contains("--serve");
    }

    @Test
    void portGoesWithServeAndIsAPort() {
        CliRunner ghp = new CliRunner(GitRepo.init(tmp, "repo").dir());
        var alone = ghp.run("agent-status", "--port", "8787");
        assertThat(alone.exit()).isEqualTo(2);
        assertThat(alone.err()).contains("--port goes with --serve");
        var tooHigh = ghp.run("agent-status", "--serve", "--port", "65536");
        assertThat(tooHigh.exit()).isEqualTo(2);
        assertThat(tooHigh.err()).contains("--port takes 0 (a free port) to 65535, got 65536");
        assertThat(tooHigh.out()).isEmpty();
    }
}

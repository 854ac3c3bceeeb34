package dev.ghp.agents.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.testing.CliRunner;
import dev.ghp.agents.testing.GitRepo;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code agent-status --json} lists the decisions about each agent, with the one that superseded each (#21). */
class StatusDecisionsJsonTest {
    @TempDir
    Path tmp;

    @Test
    void theDecisionsAboutAnAgentAreListedAndASupersededOneNamesItsSuccessor() throws Exception {
        GitRepo repo = GitRepo.init(tmp, "repo");
        CliRunner ghp = new CliRunner(repo.dir());
        ok(ghp.run("agent-heartbeat", "--agent", "wd", "--issue", "3"));
        ghp.clock().advance(Duration.ofMinutes(1));
        ok(ghp.run("agent-assign", "--to", "wd", "--issue", "10", "--by", "lead"));
        ghp.clock().advance(Duration.ofMinutes(1));
        ok(ghp.run("agent-assign", "--to", "wd", "--issue", "11", "--by", "carol"));

        JsonNode decisions = Json.parseObject(ok(ghp.run("agent-status", "--json")).out())
                .path("agents").path("wd").path("decisions");

        assertThat(decisions.size()).isEqualTo(2);
        JsonNode first = decisions.get(0);
        JsonNode second = decisions.get(1);
        assertThat(first.path("kind").asText()).isEqualTo("assign");
        assertThat(first.path("by").asText()).isEqualTo("lead");
        assertThat(first.path("supersededBy").path("id").asText()).isEqualTo(second.path("id").asText());
        assertThat(first.path("supersededBy").path("by").asText()).isEqualTo("carol");
        assertThat(second.has("supersededBy")).isFalse();
    }

    private static CliRunner.Result ok(CliRunner.Result r) {
        assertThat(r.exit()).as("exit code; stderr: %s", r.err()).isZero();
        return r;
    }
}

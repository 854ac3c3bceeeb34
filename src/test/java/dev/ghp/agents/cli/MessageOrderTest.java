package dev.ghp.agents.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.testing.CliRunner;
import dev.ghp.agents.testing.GitRepo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One sender's messages arrive in the order they were sent, also within one second (issue #22). */
class MessageOrderTest {
    @TempDir
    Path tmp;

    @Test
    void twentyFastSendsFromOneSenderArriveInOrder() throws Exception {
        GitRepo repo = GitRepo.init(tmp, "repo");
        repo.commitFile("README.md", "hello\n");
        // The runner's clock stands still: every message is sent in the same second.
        CliRunner ghp = new CliRunner(repo.dir()).env("USER", "tester");
        assertThat(ghp.run("agent-heartbeat", "--agent", "worker-1", "--issue", "147").exit()).isZero();
        assertThat(ghp.run("agent-heartbeat", "--agent", "worker-2", "--issue", "148").exit()).isZero();

        for (int i = 0; i < 20; i++) {
            CliRunner.Result r = ghp.run("agent-message", "--agent", "worker-2", "--to", "worker-1", "step " + i);
            assertThat(r.exit()).as(r.err()).isZero();
        }

        CliRunner.Result inbox = ghp.run("agent-inbox", "--agent", "worker-1", "--json");
        assertThat(inbox.exit()).as(inbox.err()).isZero();
        List<String> texts = new ArrayList<>();
        for (JsonNode m : Json.parseObject(inbox.out()).get("messages")) {
            texts.add(m.get("text").asText());
        }
        assertThat(texts).containsExactlyElementsOf(IntStream.range(0, 20).mapToObj(i -> "step " + i).toList());
    }
}

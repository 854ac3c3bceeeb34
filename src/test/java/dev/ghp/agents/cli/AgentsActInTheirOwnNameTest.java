package dev.ghp.agents.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.testing.CliRunner;
import dev.ghp.agents.testing.GitRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent acts in its own name only (#22): from its worktree it cannot award itself a conflict,
 * approve its own request, open an escalation as another agent, or answer one in a person's name,
 * whatever {@code GHP_AGENT} it exports. The worktree the record holds for it is what counts.
 */
class AgentsActInTheirOwnNameTest {
    @TempDir
    Path tmp;
    GitRepo repo;
    CliRunner person;
    CliRunner worker2;

    @BeforeEach
    void setUp() {
        repo = GitRepo.init(tmp, "repo");
        repo.commitFile("README.md", "hello\n");
        person = new CliRunner(repo.dir()).env("GHP_AGENT", null);
        worker2 = new CliRunner(repo.addWorktree("worker-2", "worker-2-branch").dir()).env("GHP_AGENT", null);
        ok(person.run("agent-heartbeat", "--agent", "worker-1", "--issue", "1", "--files", "src/**"));
    }

    @Test
    void anAgentCannotAwardItselfAConflictFromItsWorktreeEvenUnderAnotherName() throws Exception {
        assertThat(worker2.run("agent-heartbeat", "--issue", "2", "--files", "src/parser/**").exit()).isEqualTo(3);
        String conflict = onlyEscalation();
        String tip = repo.coordinationTip();

        CliRunner.Result plain = worker2.run("agent-escalate", "--resolve", conflict, "--award", "worker-2", "--by", "alice");
        CliRunner.Result renamed = worker2.env("GHP_AGENT", "other")
                .run("agent-escalate", "--resolve", conflict, "--award", "worker-2", "--by", "alice");

        assertThat(plain.exit()).as(plain.err()).isEqualTo(3);
        assertThat(plain.err()).startsWith("ghp: error: worker-2 cannot award " + conflict + " to itself");
        assertThat(renamed.exit()).as(renamed.err()).isEqualTo(3);
        assertThat(repo.coordinationTip()).isEqualTo(tip);
        assertThat(agent("worker-1").path("files").toString()).isEqualTo("[\"src/**\"]");
        ok(person.run("agent-escalate", "--resolve", conflict, "--award", "worker-2", "--by", "alice"));
    }

    @Test
    void anAgentCannotApproveItsOwnRequestFromItsWorktreeWithAnotherGhpAgent() throws Exception {
        Files.createDirectories(repo.dir().resolve(".ghp"));
        Files.writeString(repo.dir().resolve(".ghp/config.json"), "{\"agents\": {\"sharedFiles\": [\"/pom.xml\"]}}\n");
        assertThat(worker2.run("agent-heartbeat", "--issue", "2", "--files", "/pom.xml").exit()).isEqualTo(3);
        String approval = onlyEscalation();
        String tip = repo.coordinationTip();

        CliRunner.Result r = worker2.env("GHP_AGENT", "other")
                .run("agent-escalate", "--resolve", approval, "--approve", "--by", "other");

        assertThat(r.exit()).as(r.err()).isEqualTo(3);
        assertThat(r.err()).startsWith("ghp: error: worker-2 cannot resolve its own approval request " + approval);
        assertThat(repo.coordinationTip()).isEqualTo(tip);
    }

    @Test
    void anAgentCannotOpenAnEscalationAsAnotherAgent() {
        ok(worker2.run("agent-heartbeat", "--issue", "2"));
        String tip = repo.coordinationTip();

        CliRunner.Result fromWorktree = worker2.run("agent-escalate", "--agent", "victim", "is this fine?");
        CliRunner.Result byEnv = person.env("GHP_AGENT", "worker-2").run("agent-escalate", "--agent", "victim", "fine?");

        assertThat(fromWorktree.exit()).as(fromWorktree.err()).isEqualTo(3);
        assertThat(fromWorktree.err()).startsWith("ghp: error: an agent opens escalations in its own name: this is worker-2, not victim");
        assertThat(byEnv.exit()).as(byEnv.err()).isEqualTo(3);
        assertThat(repo.coordinationTip()).isEqualTo(tip);
        ok(person.env("GHP_AGENT", null).run("agent-escalate", "--agent", "victim", "a person may open one for it"));
    }

    @Test
    void anAgentCannotAnswerInAPersonsName() throws Exception {
        ok(worker2.run("agent-heartbeat", "--issue", "2"));
        String id = ok(person.run("agent-escalate", "--agent", "worker-1", "tabs?")).out().trim();
        String tip = repo.coordinationTip();

        CliRunner.Result r = worker2.run("agent-escalate", "--resolve", id, "--answer", "yes", "--by", "alice");

        assertThat(r.exit()).as(r.err()).isEqualTo(3);
        assertThat(r.err()).startsWith("ghp: error: an agent answers in its own name: this is worker-2, not alice");
        assertThat(repo.coordinationTip()).isEqualTo(tip);
        // Nor in its own (#24): a question for a human is answered by a person, outside the agent's worktree.
        CliRunner.Result own = worker2.run("agent-escalate", "--resolve", id, "--answer", "yes");
        assertThat(own.exit()).as(own.err()).isEqualTo(3);
        assertThat(own.err()).startsWith("ghp: error: " + id + " is a question for a human: a person answers it, not an agent");
        assertThat(repo.coordinationTip()).isEqualTo(tip);
        ok(person.run("agent-escalate", "--resolve", id, "--answer", "yes", "--by", "alice"));
        assertThat(Json.parseObject(repo.showCoordination(".ghp/escalations/" + id + ".json")).path("resolvedBy").asText())
                .isEqualTo("alice");
    }

    private String onlyEscalation() throws Exception {
        JsonNode list = Json.parseObject(ok(person.run("agent-escalate", "--list", "--json")).out()).path("escalations");
        assertThat(list).hasSize(1);
        return list.get(0).path("id").asText();
    }

    private JsonNode agent(String name) throws Exception {
        return Json.parseObject(repo.showCoordination(".ghp/agent-status.json")).path("agents").path(name);
    }

    private static CliRunner.Result ok(CliRunner.Result r) {
        assertThat(r.exit()).as("exit code; stderr: %s", r.err()).isZero();
        return r;
    }
}

package dev.ghp.agents.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.model.StorePaths;
import dev.ghp.agents.store.WrittenBy;
import dev.ghp.agents.testing.GitRepo;
import dev.ghp.agents.testing.Launcher;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Roles that hold, and who wrote what (#24), through {@code bin/ghp}: inside an agent's session
 * (its tool's marker in the environment) a person's name is refused, a lead agent approves, a
 * person at a terminal answers a question, and every commit says who made it.
 */
class RolesIT {
    @TempDir
    Path tmp;
    GitRepo repo;

    @BeforeEach
    void aTeamWithALead() {
        repo = GitRepo.init(tmp, "repo");
        repo.commitFile(".ghp/config.json", "{\"agents\": {\"sharedFiles\": [\"/pom.xml\"], \"leads\": [\"lead\"]}}\n");
        GitRepo.Result hb = ghp(Map.of("GHP_AGENT", "worker-1", "CLAUDECODE", "1"),
                "agent-heartbeat", "--issue", "147", "--files", "/pom.xml");
        assertThat(hb.exit()).as(hb.err()).isEqualTo(3); // approval pending
    }

    @Test
    void anAgentSessionIsRefusedWhenItAnswersAsAPerson() {
        String question = open("Tabs or spaces?");
        String tip = repo.coordinationTip();

        // Claude Code's marker alone, in the main checkout, no GHP_AGENT: still an agent's session.
        GitRepo.Result asAlice = ghp(Map.of("CLAUDECODE", "1"), "agent-escalate", "--resolve", question,
                "--answer", "spaces", "--by", "alice");
        GitRepo.Result codex = ghp(Map.of("CODEX_THREAD_ID", "019d1afb"), "agent-message", "--by", "alice",
                "--to", "worker-1", "go ahead");
        GitRepo.Result gemini = ghp(Map.of("GEMINI_CLI", "1"), "agent-assign", "--to", "worker-2", "--issue", "150",
                "--by", "alice");

        assertThat(asAlice.exit()).as(asAlice.err()).isEqualTo(3);
        assertThat(asAlice.err()).startsWith("ghp: error: --by alice is a person's name, and this runs inside an agent"
                + " session (claude-code: CLAUDECODE)");
        assertThat(asAlice.err().lines()).hasSize(2);
        assertThat(asAlice.err().lines().skip(1).findFirst().orElse("")).startsWith("hint: leave out --by");
        assertThat(codex.exit()).as(codex.err()).isEqualTo(3);
        assertThat(codex.err()).contains("(codex: CODEX_THREAD_ID)");
        assertThat(gemini.exit()).as(gemini.err()).isEqualTo(3);
        assertThat(gemini.err()).contains("(gemini-cli: GEMINI_CLI)");
        assertThat(repo.coordinationTip()).as("nothing written").isEqualTo(tip);
    }

    @Test
    void aQuestionIsAnsweredByAPersonNotByALeadAgent() {
        String question = open("Tabs or spaces?");
        String tip = repo.coordinationTip();

        GitRepo.Result byLead = ghp(Map.of("GHP_AGENT", "lead", "CLAUDECODE", "1"), "agent-escalate", "--resolve", question,
                "--answer", "spaces");
        assertThat(byLead.exit()).as(byLead.err()).isEqualTo(3);
        assertThat(byLead.err()).startsWith("ghp: error: " + question + " is a question for a human: a person answers it");
        assertThat(repo.coordinationTip()).isEqualTo(tip);

        GitRepo.Result byPerson = ghp(Map.of(), "agent-escalate", "--resolve", question, "--answer", "spaces", "--by", "alice");
        assertThat(byPerson.exit()).as(byPerson.err()).isZero();
        assertThat(escalation(question).path("resolvedBy").asText()).isEqualTo("alice");
        assertThat(repo.git("log", "-1", "--format=%(trailers:key=Ghp-Written-By,valueonly)", StorePaths.REF).strip())
                .isEqualTo("person tester");
    }

    @Test
    void aLeadAgentsApprovalIsAcceptedAndAnotherAgentsIsNot() throws Exception {
        String approval = onlyOpen("approval");
        String tip = repo.coordinationTip();

        GitRepo.Result byWorker = ghp(Map.of("GHP_AGENT", "worker-2", "CLAUDECODE", "1"), "agent-escalate", "--resolve",
                approval, "--approve");
        assertThat(byWorker.exit()).as(byWorker.err()).isEqualTo(3);
        assertThat(byWorker.err()).startsWith("ghp: error: worker-2 is not one of agents.leads");
        assertThat(repo.coordinationTip()).isEqualTo(tip);

        GitRepo.Result byLead = ghp(Map.of("GHP_AGENT", "lead", "CLAUDECODE", "1", "CLAUDE_CODE_SESSION_ID", "8a718ed2"),
                "agent-escalate", "--resolve", approval, "--approve");
        assertThat(byLead.exit()).as(byLead.err()).isZero();
        assertThat(escalation(approval).path("resolvedBy").asText()).isEqualTo("lead");
        JsonNode worker1 = Json.parseObject(repo.showCoordination(".ghp/agent-status.json")).path("agents").path("worker-1");
        assertThat(worker1.path("files").toString()).contains("/pom.xml");

        // Who wrote what: git reads the trailers, and the timeline shows them.
        String machine = WrittenBy.thisMachine();
        assertThat(repo.git("log", "-1", "--format=%(trailers:only)", StorePaths.REF)).contains(
                "Ghp-Written-By: agent lead\nGhp-Session: claude-code 8a718ed2\nGhp-Machine: " + machine + "\n");
        GitRepo.Result timeline = ghp(Map.of(), "agent-status", "--timeline", "--since", "1h");
        assertThat(timeline.exit()).as(timeline.err()).isZero();
        assertThat(timeline.out()).contains("worker-1: agent worker-1 · claude-code · " + machine + " (1 commit); agent lead · claude-code"
                + " 8a718ed2 · " + machine + " (1 commit)");
        JsonNode json = Json.parseObject(ghp(Map.of(), "agent-status", "--timeline", "--since", "1h", "--json").out());
        JsonNode writers = json.path("agents").path("worker-1").path("writtenBy");
        assertThat(writers).hasSize(2);
        assertThat(writers.get(1).path("kind").asText()).isEqualTo("agent");
        assertThat(writers.get(1).path("name").asText()).isEqualTo("lead");
        assertThat(writers.get(1).path("session").asText()).isEqualTo("claude-code 8a718ed2");
        assertThat(writers.get(1).path("machine").asText()).isEqualTo(machine);
    }

    private String open(String text) {
        GitRepo.Result r = ghp(Map.of("GHP_AGENT", "worker-1", "CLAUDECODE", "1"), "agent-escalate", text);
        assertThat(r.exit()).as(r.err()).isZero();
        return r.out().trim();
    }

    private String onlyOpen(String kind) throws Exception {
        JsonNode list = Json.parseObject(ghp(Map.of(), "agent-escalate", "--list", "--kind", kind, "--json").out())
                .path("escalations");
        assertThat(list).hasSize(1);
        return list.get(0).path("id").asText();
    }

    private JsonNode escalation(String id) {
        try {
            return Json.parseObject(repo.showCoordination(".ghp/escalations/" + id + ".json"));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private GitRepo.Result ghp(Map<String, String> env, String... args) {
        Launcher launcher = new Launcher(repo.dir()).env("USER", "tester").env("HOME", tmp.toString());
        env.forEach(launcher::env);
        return launcher.run(args);
    }
}

package dev.ghp.agents.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.testing.CliRunner;
import dev.ghp.agents.testing.GitRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code agents.leads}: each lead is told of every escalation opened, in the commit that opens it. */
class LeadsTest {
    private static final String REF = "refs/ghp/coordination";

    @TempDir
    Path tmp;
    GitRepo repo;
    CliRunner ghp;

    @BeforeEach
    void aRepositoryWithTwoLeads() throws Exception {
        repo = GitRepo.init(tmp, "app");
        repo.commitFile("README.md", "app\n");
        Files.createDirectories(repo.dir().resolve(".ghp"));
        Files.writeString(repo.dir().resolve(".ghp/config.json"),
                "{\"agents\": {\"leads\": [\"orchestrator\", \"alice\"], \"sharedFiles\": [\"pom.xml\"]}}\n");
        ghp = new CliRunner(repo.dir());
    }

    private CliRunner.Result ok(CliRunner.Result r) {
        assertThat(r.exit()).as(r.err()).isZero();
        return r;
    }

    @Test
    void eachLeadIsToldOfAQuestionInTheCommitThatOpensIt() {
        ok(ghp.run("agent-heartbeat", "--agent", "w1", "--issue", "147"));
        String id = ok(ghp.run("agent-escalate", "--agent", "w1", "--kind", "question", "Tabs or spaces?")).out().trim();

        assertThat(repo.git("show", "--name-only", "--format=", REF).lines())
                .contains(".ghp/escalations/" + id + ".json")
                .anyMatch(p -> p.startsWith(".ghp/inbox/orchestrator/msg-"))
                .anyMatch(p -> p.startsWith(".ghp/inbox/alice/msg-"));
        String inbox = ok(ghp.run("agent-inbox", "--agent", "alice")).out();
        assertThat(inbox).contains("escalation · from ghp").contains("Escalation " + id + " (question) opened by w1 on #147")
                .contains("Tabs or spaces?");
        assertThat(ok(ghp.run("agent-inbox", "--agent", "alice")).out()).isEqualTo("No unread messages for alice.\n");
    }

    @Test
    void aLeadIsToldOfAnApprovalARefusedClaimOpensButNotOfItsOwnEscalation() {
        ok(ghp.run("agent-heartbeat", "--agent", "orchestrator", "--issue", "1", "--status", "planning"));
        ok(ghp.run("agent-heartbeat", "--agent", "w1", "--issue", "147"));
        CliRunner.Result refused = ghp.run("agent-heartbeat", "--agent", "w1", "--files", "pom.xml");
        assertThat(refused.exit()).as(refused.err()).isEqualTo(3);
        ghp.clock().advance(Duration.ofSeconds(1));
        ok(ghp.run("agent-escalate", "--agent", "orchestrator", "--kind", "decision", "Split #147?"));

        String told = ok(ghp.run("agent-inbox", "--agent", "orchestrator")).out();
        assertThat(told).contains("(approval) opened by w1 on #147 for pom.xml").doesNotContain("Split #147?");
        assertThat(ok(ghp.run("agent-inbox", "--agent", "alice")).out()).contains("(approval) opened by w1")
                .contains("(decision) opened by orchestrator");
    }
}

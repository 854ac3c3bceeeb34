package dev.ghp.agents.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.testing.CliRunner;
import dev.ghp.agents.testing.GitRepo;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A field of the wrong type in any file of the record (the agent table, an escalation, a message) is
 * refused the same way, exit 5 with nothing rewritten: one strict reader, never a coercion to "" or null.
 */
class WrongTypedRecordFieldsTest {
    @TempDir
    Path tmp;
    GitRepo repo;
    CliRunner ghp;

    @BeforeEach
    void setUp() {
        repo = GitRepo.init(tmp, "repo");
        repo.commitFile("README.md", "hello\n");
        ghp = new CliRunner(repo.dir()).env("USER", "tester");
    }

    @Test
    void anEscalationWithWrongTypedFieldsIsRefusedAndNotRewritten() {
        String id = ghp.run("agent-escalate", "--agent", "w1", "tabs?").out().trim();
        String path = ".ghp/escalations/" + id + ".json";
        String forged = """
                {"schemaVersion": 1, "id": "%s", "kind": "question", "status": "open",
                 "message": {"evil": true}, "issue": "not-a-number", "agent": "w1", "createdAt": "yesterday"}
                """.formatted(id);
        repo.commitToCoordination(path, forged, "forged");
        int commits = repo.coordinationCommits();

        CliRunner.Result r = ghp.run("agent-escalate", "--resolve", id, "--answer", "yes", "--by", "alice");

        assertThat(r.exit()).as(r.err()).isEqualTo(5);
        assertThat(r.err()).startsWith("ghp: error: the coordination state is corrupt: " + path)
                .contains("\"message\" is an object, not text");
        assertThat(repo.coordinationCommits()).isEqualTo(commits);
        assertThat(repo.showCoordination(path)).isEqualTo(forged);
    }

    @Test
    void eachWrongTypedEscalationFieldIsNamed() {
        String id = ghp.run("agent-escalate", "--agent", "w1", "tabs?").out().trim();
        String path = ".ghp/escalations/" + id + ".json";
        assertRefused(path, escalation(id, "\"issue\": \"not-a-number\""), "\"issue\" is not an issue number");
        assertRefused(path, escalation(id, "\"createdAt\": \"yesterday\""), "\"createdAt\" is not an ISO-8601 time");
        assertRefused(path, escalation(id, "\"files\": [\"a\", 3]"), "\"files\" has an entry that is a number, not text");
        assertRefused(path, escalation(id, "\"github\": \"#1\""), "\"github\" is text, not an object");
        assertRefused(path, escalation(id, "\"github\": {\"issue\": \"one\"}"), "\"github\": \"issue\" is text, not a whole number");
    }

    @Test
    void aMessageWithAWrongTypedFieldIsNeverCoercedIntoAReadOneAndStopsNoDelivery() {
        ghp.run("agent-heartbeat", "--agent", "w1", "--issue", "1");
        ghp.run("agent-message", "--by", "alice", "--to", "w1", "hello");
        String name = repo.git("ls-tree", "--name-only", "refs/ghp/coordination:.ghp/inbox/w1").trim();
        String path = ".ghp/inbox/w1/" + name;
        String id = name.replace(".json", "");
        String forged = """
                {"schemaVersion": 1, "id": "%s", "kind": "message", "from": ["alice"], "to": "w1",
                 "address": "w1", "text": "hello", "issue": null, "createdAt": "2025-01-25T10:30:00Z", "readAt": null}
                """.formatted(id);
        repo.commitToCoordination(path, forged, "forged");
        int commits = repo.coordinationCommits();

        ghp.run("agent-message", "--by", "bob", "--to", "w1", "still here");

        CliRunner.Result r = ghp.run("agent-inbox", "--agent", "w1", "--json");

        // An unusable file stops no delivery (#22, bounds): the good message comes; the bad one is
        // removed as it is, never rewritten as a read message with its fields emptied (#22, loss).
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("still here").doesNotContain("\"text\" : \"hello\"");
        assertThat(repo.coordinationCommits()).isGreaterThan(commits);
        assertThat(repo.git("ls-tree", "-r", "--name-only", "refs/ghp/coordination", ".ghp/").lines())
                .noneMatch(f -> f.endsWith("/" + id + ".json"));
    }

    @Test
    void theAgentTableIsReadByTheSameRules() {
        ghp.run("agent-heartbeat", "--agent", "w1", "--issue", "1");
        String forged = """
                {"schemaVersion": 1, "agents": {"w1": {"issue": 1, "status": {"x": 1}, "lastAction": "a",
                 "timestamp": "2025-01-25T10:30:00Z"}}}
                """;
        repo.commitToCoordination(".ghp/agent-status.json", forged, "forged");

        CliRunner.Result r = ghp.run("agent-heartbeat", "--agent", "w1", "--issue", "1");

        assertThat(r.exit()).as(r.err()).isEqualTo(5);
        assertThat(r.err()).contains("agent \"w1\": \"status\" is an object, not text");
        assertThat(repo.showCoordination(".ghp/agent-status.json")).isEqualTo(forged);
    }

    private static String escalation(String id, String field) {
        return """
                {"schemaVersion": 1, "id": "%s", "kind": "question", "status": "open", "message": "m",
                 "agent": "w1", "createdAt": "2025-01-25T10:30:00Z", %s}
                """.formatted(id, field);
    }

    private void assertRefused(String path, String content, String reason) {
        repo.commitToCoordination(path, content, "forged");
        CliRunner.Result r = ghp.run("agent-escalate", "--resolve", path.replaceAll(".*/|\\.json", ""),
                "--answer", "yes", "--by", "alice");
        assertThat(r.exit()).as(r.err()).isEqualTo(5);
        assertThat(r.err()).contains(reason);
        assertThat(repo.showCoordination(path)).isEqualTo(content);
    }
}

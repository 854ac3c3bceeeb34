package dev.ghp.agents.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.testing.GitRemotes;
import dev.ghp.agents.testing.GitRepo;
import dev.ghp.agents.testing.Launcher;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Messages between real {@code bin/ghp} processes: a worker blocked in {@code agent-inbox --wait}
 * or {@code agent-escalate --wait} gets what another process writes, and messages travel between
 * two clones of a bare remote with {@code agent-sync}.
 */
class MessagesIT {
    @TempDir
    Path tmp;

    private static GitRepo.Result ok(GitRepo.Result r) {
        assertThat(r.exit()).as("exit code; stderr: %s", r.err()).isZero();
        return r;
    }

    /** {@code bin/ghp ARGS} running, its stdout to be read, its stderr dropped. */
    private static Process started(Launcher ghp, String... args) throws Exception {
        return ghp.builder(args).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static String stdout(Process p) throws Exception {
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void aWorkerWaitingOnItsInboxGetsTheOrchestratorsMessage() throws Exception {
        GitRepo repo = GitRepo.init(tmp, "repo");
        repo.commitFile("README.md", "hello\n");
        Launcher ghp = new Launcher(repo.dir());
        ok(ghp.run("agent-heartbeat", "--agent", "worker-1", "--issue", "147"));
        Process waiting = started(ghp, "agent-inbox", "--agent", "worker-1", "--wait", "2m");

        ok(ghp.run("agent-message", "--by", "lead", "--to", "#147", "start with the tokenizer"));

        assertThat(waiting.waitFor(2, TimeUnit.MINUTES)).as("the wait ended").isTrue();
        String out = stdout(waiting);
        assertThat(waiting.exitValue()).as(out).isZero();
        assertThat(out).contains("message · from lead to #147").contains("start with the tokenizer");
        assertThat(ok(ghp.run("agent-inbox", "--agent", "worker-1")).out()).isEqualTo("No unread messages for worker-1.\n");
        repo.assertFsckClean();
    }

    @Test
    void aWorkerWaitingOnItsQuestionGetsTheAnswer() throws Exception {
        GitRepo repo = GitRepo.init(tmp, "repo");
        repo.commitFile("README.md", "hello\n");
        Launcher ghp = new Launcher(repo.dir());
        ok(ghp.run("agent-heartbeat", "--agent", "worker-1", "--issue", "147"));
        Process asking = started(ghp, "agent-escalate", "--agent", "worker-1", "--wait", "2m", "Tabs or spaces?");
        String id = null;
        for (int i = 0; i < 600 && id == null; i++) {
            JsonNode open = Json.parseObject(ok(ghp.run("agent-escalate", "--list", "--json")).out()).get("escalations");
            id = open.isEmpty() ? null : open.get(0).get("id").asText();
            if (id == null) {
                Thread.sleep(100);
            }
        }
        assertThat(id).as("the question was opened").isNotNull();

        ok(ghp.run("agent-escalate", "--resolve", id, "--answer", "Tabs", "--by", "alice"));

        assertThat(asking.waitFor(2, TimeUnit.MINUTES)).as("the wait ended").isTrue();
        assertThat(asking.exitValue()).isZero();
        assertThat(stdout(asking)).isEqualTo("Tabs\n");
        repo.assertFsckClean();
    }

    @Test
    void aMessageCrossesClonesAndItsReadingComesBack() throws Exception {
        GitRepo remote = GitRemotes.bare(tmp, "remote.git");
        GitRepo a = GitRemotes.cloneOf(remote, tmp, "a");
        GitRepo b = GitRemotes.cloneOf(remote, tmp, "b");
        Launcher ghpA = new Launcher(a.dir());
        Launcher ghpB = new Launcher(b.dir());
        ok(ghpB.run("agent-heartbeat", "--agent", "worker-2", "--issue", "150"));
        ok(ghpB.run("agent-sync"));
        ok(ghpA.run("agent-sync"));

        ok(ghpA.run("agent-message", "--by", "lead", "--to", "worker-2", "rebase on main first"));
        ok(ghpA.run("agent-sync"));
        ok(ghpB.run("agent-sync"));
        String inbox = ok(ghpB.run("agent-inbox", "--agent", "worker-2")).out();
        ok(ghpB.run("agent-sync"));
        ok(ghpA.run("agent-sync"));

        assertThat(inbox).contains("rebase on main first");
        assertThat(a.git("ls-tree", "-r", "--name-only", "refs/ghp/coordination", ".ghp/inbox")).isEmpty();
        assertThat(a.git("ls-tree", "-r", "--name-only", "refs/ghp/coordination", ".ghp/read/worker-2").lines()).hasSize(1);
        remote.assertFsckClean();
    }
}

package dev.ghp.agents.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.testing.CliRunner;
import dev.ghp.agents.testing.GitRepo;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An agent's inbox ends with its sign-off: the next agent to take the name gets none of it (issue #22). */
class SignOffInboxTest {
    @TempDir
    Path tmp;

    @Test
    void theNextAgentOfTheNameFromAnotherWorktreeReceivesNothingOfTheDepartedOnes() {
        GitRepo main = GitRepo.init(tmp, "app");
        main.commitFile("README.md", "app\n");
        GitRepo first = main.addWorktree("first", "alice/147-parser");
        GitRepo second = main.addWorktree("second", "bob/150-lexer");
        CliRunner ghp = new CliRunner(first.dir()).env("USER", "tester");
        assertThat(ghp.run("agent-heartbeat", "--agent", "worker-1", "--issue", "147").exit()).isZero();
        assertThat(ghp.run("agent-message", "--by", "alice", "--to", "worker-1", "unread, for the first").exit()).isZero();
        assertThat(ghp.run("agent-message", "--by", "alice", "--to", "worker-1", "read by the first").exit()).isZero();
        assertThat(ghp.run("agent-inbox", "--agent", "worker-1").exit()).isZero();
        assertThat(ghp.run("agent-message", "--by", "alice", "--to", "worker-1", "still unread at sign-off").exit()).isZero();

        CliRunner.Result off = ghp.run("agent-heartbeat", "--agent", "worker-1", "--sign-off");
        assertThat(off.exit()).as(off.err()).isZero();

        assertThat(main.git("ls-tree", "-r", "--name-only", "refs/ghp/coordination", ".ghp/inbox", ".ghp/read"))
                .as("its messages went with it").isEmpty();
        CliRunner next = new CliRunner(second.dir()).env("USER", "tester");
        assertThat(next.run("agent-heartbeat", "--agent", "worker-1", "--issue", "150").exit()).isZero();
        CliRunner.Result inbox = next.run("agent-inbox", "--agent", "worker-1", "--all");
        assertThat(inbox.exit()).as(inbox.err()).isZero();
        assertThat(inbox.out()).doesNotContain("for the first", "read by the first", "still unread");
    }
}

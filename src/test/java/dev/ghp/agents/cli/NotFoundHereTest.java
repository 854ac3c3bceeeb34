package dev.ghp.agents.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.testing.CliRunner;
import dev.ghp.agents.testing.GitRemotes;
import dev.ghp.agents.testing.GitRepo;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the local record lacks may be on the sync remote: the error says so, and how to sync; the exit code is unchanged. */
class NotFoundHereTest {
    @TempDir
    Path tmp;

    @Test
    void anEscalationAnAgentOrAnIssueNotHereMayBeOnTheRemote() {
        GitRepo remote = GitRemotes.bare(tmp, "remote.git");
        GitRepo a = GitRemotes.cloneOf(remote, tmp, "a");
        CliRunner ghp = new CliRunner(a.dir()).env("GHP_AUTO_SYNC", "off");

        CliRunner.Result never = ghp.run("agent-escalate", "--resolve", "esc-0badc0de", "--answer", "yes", "--by", "alice");
        assertThat(never.exit()).isEqualTo(2);
        assertThat(never.err()).contains("no escalation esc-0badc0de here; it may exist on 'origin' "
                + "(never synced from this clone): run ghp agent-sync");

        assertThat(ghp.run("agent-heartbeat", "--agent", "w1", "--issue", "1").exit()).isZero();
        assertThat(ghp.run("agent-sync").exit()).isZero();
        ghp.clock().advance(Duration.ofMinutes(3));
        CliRunner.Result agent = ghp.run("agent-message", "--by", "lead", "--to", "ghost", "hello");
        CliRunner.Result issue = ghp.run("agent-message", "--by", "lead", "--to", "#99", "hello");
        CliRunner.Result shown = ghp.run("agent-escalate", "--show", "esc-0badc0de");

        assertThat(agent.exit()).isEqualTo(2);
        assertThat(agent.err()).contains("no agent ghost here (nothing was sent); it may exist on 'origin' "
                + "(last synced 3m ago): run ghp agent-sync");
        assertThat(issue.exit()).isEqualTo(2);
        assertThat(issue.err()).contains("no agent holds #99 here (nothing was sent); it may exist on 'origin' (last synced 3m ago)");
        assertThat(shown.exit()).isEqualTo(2);
        assertThat(shown.err()).contains("no escalation esc-0badc0de here; it may exist on 'origin' (last synced 3m ago)");
    }

    @Test
    void aCloneWithoutTheSyncRemoteSaysOnlyWhatIsMissing() {
        GitRepo repo = GitRepo.init(tmp, "app");
        repo.commitFile("README.md", "app\n");
        CliRunner.Result r = new CliRunner(repo.dir()).run("agent-escalate", "--show", "esc-0badc0de");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("no escalation esc-0badc0de").doesNotContain("agent-sync");
    }
}

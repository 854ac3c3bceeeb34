package dev.ghp.agents.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ghp.agents.errors.UsageException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentIdentityTest {
    private static final Path WORKTREE = Path.of("/work/repo-wt-3");
    private static final SpawnContext SPAWN = SpawnContext.parse(
            "{\"workingDirectory\": \"/home/me/repo-147\", \"issue\": {\"number\": 147}}");

    @Test
    void theFlagWinsOverEverything() {
        AgentIdentity id = AgentIdentity.resolve("flagged", Map.of("GHP_AGENT", "from-env"), SPAWN, WORKTREE);

        assertThat(id).isEqualTo(new AgentIdentity("flagged", "--agent"));
    }

    @Test
    void ghpAgentComesNext() {
        assertThat(AgentIdentity.resolve(null, Map.of("GHP_AGENT", "from-env"), SPAWN, WORKTREE))
                .isEqualTo(new AgentIdentity("from-env", "GHP_AGENT"));
    }

    @Test
    void thenTheSpawnContextsWorkingDirectory() {
        assertThat(AgentIdentity.resolve(null, Map.of(), SPAWN, WORKTREE))
                .isEqualTo(new AgentIdentity("repo-147", "GHP_SPAWN_CONTEXT"));
    }

    @Test
    void aSpawnContextWithoutADirectoryNamesTheAgentAfterItsIssue() {
        SpawnContext issueOnly = SpawnContext.parse("{\"issue\": {\"number\": 147}}");

        assertThat(AgentIdentity.resolve(null, Map.of(), issueOnly, WORKTREE).name()).isEqualTo("issue-147");
    }

    @Test
    void thenTheWorktree() {
        assertThat(AgentIdentity.resolve(null, Map.of(), null, WORKTREE))
                .isEqualTo(new AgentIdentity("repo-wt-3", "worktree"));
        assertThat(AgentIdentity.resolve(null, Map.of("GHP_AGENT", "  "), null, WORKTREE).name()).isEqualTo("repo-wt-3");
    }

    @Test
    void anAgentStartedByGhpAndTheSameOneRunByHandGetTheSameName() {
        String viaGhp = AgentIdentity.resolve(null, Map.of(), SPAWN, WORKTREE).name();
        String byHand = AgentIdentity.resolve(null, Map.of(), null, Path.of("/home/me/repo-147")).name();

        assertThat(viaGhp).isEqualTo(byHand);
    }

    @Test
    void badNamesFromTheFlagOrTheEnvironmentAreRefusedNamingTheirSource() {
        assertThatThrownBy(() -> AgentIdentity.resolve("bad name", Map.of(), null, WORKTREE))
                .isInstanceOf(UsageException.class).hasMessageContaining("--agent");
        assertThatThrownBy(() -> AgentIdentity.resolve(null, Map.of("GHP_AGENT", "bad/name"), null, WORKTREE))
                .isInstanceOf(UsageException.class).hasMessageContaining("GHP_AGENT");
    }
}

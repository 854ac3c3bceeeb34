package dev.ghp.agents.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.testing.GitRepo;
import dev.ghp.agents.testing.Launcher;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's authority rules end to end, through bin/ghp: src/test/replay/team-session.sh plays four
 * workers on one repository with shared files (docs/authority.md). Each claims its own files (rule
 * 1: a literal path is that file, so none of these collide); the ones claiming shared files ask the
 * orchestrator once (rule 2); a worker asking for what another holds is refused and a human is asked
 * (rule 3) until the holder is done, when that conflict closes itself; two workers waiting on each
 * other open one blocked escalation (rule 4), which closes when one stops waiting. What a human is
 * left with at the end is the one approval still asked for. (The commit guard's side of the rules
 * is CommitGuardIT, through real commits.)
 */
class TeamSessionIT {
    @TempDir
    Path tmp;

    @Test
    void aShortTeamSessionOpensOnlyTheEscalationsThatNeedAHumanAndTheToolsOwnCloseThemselves() {
        GitRepo.Result replay = new Launcher(tmp).runCommand(null, List.of("bash",
                Launcher.ROOT.resolve("src/test/replay/team-session.sh").toString(), Launcher.BIN_GHP.toString()));

        assertThat(replay.exit()).as(replay.err()).isZero();
        assertThat(replay.out()).contains(
                "escalations opened: 5",
                "approval  open     1",
                "approval  resolved 2",
                "blocked   resolved 1",
                "conflict  resolved 1",
                "worker-2 asks to claim shared files: README.md matches agents.sharedFiles README.md",
                "worker-1 asks to claim shared files: src/core/Engine.java matches agents.sharedFiles src/core/**",
                "worker-3 and worker-1 need the same files: src/** overlaps worker-1's src/parser/Parser.java",
                "agents wait on each other and none can move: worker-2 waits on worker-4, worker-4 waits on worker-2");
    }
}

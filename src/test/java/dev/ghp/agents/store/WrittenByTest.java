package dev.ghp.agents.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.git.RepoContext;
import dev.ghp.agents.git.RepoLocator;
import dev.ghp.agents.model.StorePaths;
import dev.ghp.agents.testing.GitRepo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every commit says who made it, in trailers git itself reads (#24, "Who wrote what"). */
class WrittenByTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-08T01:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path tmp;

    @Test
    void aCommitSaysWhoMadeItInTrailersGitReads() throws Exception {
        GitRepo repo = GitRepo.init(tmp, "repo");
        WrittenBy who = new WrittenBy(WrittenBy.AGENT, "worker-1", "claude-code 8a718ed2", "host-a");
        RepoContext rc = RepoLocator.open(repo.dir());
        try (var r = rc.repository()) {
            new GitRefStore(rc.repository(), CLOCK).writtenBy(who)
                    .update(s -> Change.of("heartbeat worker-1", "worker-1").put("x.json", "{}".getBytes(StandardCharsets.UTF_8)));
            try (RevWalk walk = new RevWalk(rc.repository())) {
                RevCommit c = walk.parseCommit(rc.repository().resolve(StorePaths.REF));
                assertThat(WrittenBy.of(c)).isEqualTo(who);
            }
        }

        // git, the independent reader: one trailer block, the history trailer last.
        assertThat(repo.git("log", "-1", "--format=%(trailers:only)", StorePaths.REF).strip()).isEqualTo(
                "Ghp-Written-By: agent worker-1\nGhp-Session: claude-code 8a718ed2\nGhp-Machine: host-a\n"
                        + "Ghp-History: generation=1 since=2026-12-08T01:00:00Z");
        assertThat(repo.git("log", "-1", "--format=%s", StorePaths.REF).strip()).isEqualTo("heartbeat worker-1");
    }

    @Test
    void aNameThatTriesToAddATrailerStaysOneLine() {
        WrittenBy who = new WrittenBy(WrittenBy.PERSON, "alice\nGhp-Written-By: agent lead", null, null);

        assertThat(who.trailers()).isEqualTo("Ghp-Written-By: person alice-Ghp-Written-By: agent lead\n");
    }

    @Test
    void aCommitWithoutTrailersSaysNothing() throws Exception {
        GitRepo repo = GitRepo.init(tmp, "repo");
        RepoContext rc = RepoLocator.open(repo.dir());
        try (var r = rc.repository()) {
            new GitRefStore(rc.repository(), CLOCK)
                    .update(s -> Change.of("heartbeat w", "w").put("x.json", "{}".getBytes(StandardCharsets.UTF_8)));
            try (RevWalk walk = new RevWalk(rc.repository())) {
                assertThat(WrittenBy.of(walk.parseCommit(rc.repository().resolve(StorePaths.REF)))).isNull();
            }
        }
    }
}

package dev.ghp.agents.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The session → name map in a real git directory's folder, as concurrent hook runs of several sessions use it. */
class SessionNamesTest {
    static final Instant NOW = Instant.now();
    static final Predicate<String> ALL_LIVE = name -> true;
    static final Predicate<String> NONE_LIVE = name -> false;

    @TempDir
    Path commonDir;

    @Test
    void theFirstSessionKeepsTheWorktreesNameAndASecondOneGetsItsOwnForItsWholeLife() {
        SessionNames names = new SessionNames(commonDir);

        assertThat(names.take("app-147", "5d3a9f2e-parent", null, ALL_LIVE, NOW)).isEqualTo("app-147");
        assertThat(names.take("app-147", "8c7e6b1a-teammate", null, ALL_LIVE, NOW)).isEqualTo("app-147-8c7e6b");
        assertThat(names.take("app-147", "8c7e6b1a-teammate", null, ALL_LIVE, NOW.plusSeconds(3600))).isEqualTo("app-147-8c7e6b");
        assertThat(names.take("app-147", "5d3a9f2e-parent", null, ALL_LIVE, NOW.plusSeconds(3600))).isEqualTo("app-147");
        assertThat(names.take("app-147", "7f00aa00-third", "reviewer", ALL_LIVE, NOW)).isEqualTo("app-147-reviewer");
    }

    @Test
    void aCommandInsideTheSessionLooksItsNameUpWithoutTakingOne() {
        SessionNames names = new SessionNames(commonDir);
        names.take("app-147", "parent", null, ALL_LIVE, NOW);
        names.take("app-147", "8c7e6b1a-teammate", null, ALL_LIVE, NOW);

        assertThat(names.lookup("app-147", "8c7e6b1a-teammate")).contains("app-147-8c7e6b");
        assertThat(names.lookup("app-147", "parent")).contains("app-147");
        assertThat(names.lookup("other-worktree", "8c7e6b1a-teammate")).isEmpty();
        assertThat(names.lookup("app-147", "never-started")).isEmpty();
    }

    @Test
    void anEndedSessionGivesItsNameBackToTheNextSession() {
        SessionNames names = new SessionNames(commonDir);
        names.take("app-147", "first", null, ALL_LIVE, NOW);

        names.release("first");

        assertThat(names.lookup("app-147", "first")).isEmpty();
        assertThat(names.take("app-147", "second", null, ALL_LIVE, NOW)).isEqualTo("app-147");
    }

    @Test
    void aNameWhoseAgentIsNoLongerLiveIsTakenOverButNotWhileItWasJustTaken() {
        SessionNames names = new SessionNames(commonDir);
        names.take("app-147", "crashed", null, ALL_LIVE, NOW);

        assertThat(names.take("app-147", "next-one", null, NONE_LIVE, NOW)).as("just taken").isNotEqualTo("app-147");
        names.release("next-one");
        Instant later = NOW.plus(SessionNames.JUST_TAKEN).plusSeconds(60);
        assertThat(names.take("app-147", "next-one", null, NONE_LIVE, later)).isEqualTo("app-147");
        assertThat(names.take("app-147", "next-one", null, ALL_LIVE, later)).isEqualTo("app-147");
    }

    @Test
    void sessionsStartingAtOnceNeverTakeTheSameName() throws InterruptedException {
        int sessions = 8;
        List<String> taken = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            String id = "session-" + i + "-" + Integer.toHexString(i * 7919);
            Thread t = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                taken.add(new SessionNames(commonDir).take("app", id, null, ALL_LIVE, NOW));
            });
            threads.add(t);
            t.start();
        }
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }

        assertThat(taken).hasSize(sessions);
        assertThat(Set.copyOf(taken)).hasSize(sessions).contains("app");
    }

    @Test
    void aBrokenFolderLeavesTheWorktreesName() throws Exception {
        java.nio.file.Files.writeString(commonDir.resolve("ghp-agents"), "a file where the folder goes\n");

        assertThat(new SessionNames(commonDir).take("app-147", "teammate", null, ALL_LIVE, NOW)).isEqualTo("app-147");
        assertThat(new SessionNames(commonDir).lookup("app-147", "teammate")).isEmpty();
    }
}

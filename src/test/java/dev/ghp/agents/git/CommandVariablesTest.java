package dev.ghp.agents.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A thread a command starts inherits its variables, and loses them when the command ends: in the
 * daemon such a thread (a pool's worker, the JDK's delay scheduler) may live on and work for the
 * next caller, which must see neither the first caller's secrets nor its variables.
 */
class CommandVariablesTest {

    @Test
    void aThreadStartedByACommandSeesItsVariablesWhileItRuns() throws Exception {
        AtomicReference<Map<String, String>> seen = new AtomicReference<>();
        CommandVariables.with(Map.of("GITHUB_TOKEN", "first-caller"), () -> {
            Thread t = new Thread(() -> seen.set(CommandVariables.current()));
            t.start();
            join(t);
            return null;
        });
        assertThat(seen.get()).containsEntry("GITHUB_TOKEN", "first-caller");
    }

    @Test
    void aThreadThatOutlivesTheCommandKeepsNoneOfItsVariables() throws Exception {
        CountDownLatch commandEnded = new CountDownLatch(1);
        CompletableFuture<Map<String, String>> afterwards = new CompletableFuture<>();
        Thread lingering = CommandVariables.with(Map.of("GITHUB_TOKEN", "first-caller"), () -> {
            Thread t = new Thread(() -> {
                try {
                    commandEnded.await(10, TimeUnit.SECONDS);
                    afterwards.complete(CommandVariables.current());
                } catch (InterruptedException e) {
                    afterwards.completeExceptionally(e);
                }
            });
            t.start();
            return t;
        });
        commandEnded.countDown();
        assertThat(afterwards.get(10, TimeUnit.SECONDS)).as("variables seen by a thread after its command ended").isNull();
        join(lingering);
        assertThat(CommandVariables.current()).isNull();
    }

    @Test
    void anInnerCommandEndsWithoutTakingTheOuterOnesVariables() {
        Map<String, String> outerAfterInner = CommandVariables.with(Map.of("A", "outer"), () -> {
            CommandVariables.with(Map.of("A", "inner"), () -> {
                assertThat(CommandVariables.current()).containsEntry("A", "inner");
                return null;
            });
            return CommandVariables.current();
        });
        assertThat(outerAfterInner).containsEntry("A", "outer");
    }

    private static void join(Thread t) {
        try {
            t.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.ghp.agents.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.hooks.HookAgent;
import dev.ghp.agents.hooks.HookEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** bin/ghp and the JVM give a hook run the same budget, and it fits inside every installed time limit. */
class HookBudgetAgreementTest {
    @Test
    void theLauncherDefaultsToTheSameBudget() throws IOException {
        String launcher = Files.readString(Path.of("bin/ghp"));

        assertThat(launcher).contains("hook_budget=${" + HookBudget.VARIABLE + ":-" + HookBudget.DEFAULT_SECONDS + "}")
                .contains("|| hook_budget=" + HookBudget.DEFAULT_SECONDS + "\n");
    }

    @Test
    void theBudgetLeavesFiveSecondsOfEveryInstalledTimeLimit() {
        for (HookAgent agent : HookAgent.values()) {
            int unitsPerSecond = agent == HookAgent.GEMINI ? 1000 : 1;
            for (HookEntry entry : agent.entries("ghp-agents")) {
                assertThat(entry.timeout() / unitsPerSecond).as("%s %s", agent, entry.key())
                        .isGreaterThanOrEqualTo(HookBudget.DEFAULT_SECONDS + 5);
            }
        }
    }

    @Test
    void aBudgetIsWholeSecondsAboveZeroElseTheDefault() {
        assertThat(HookBudget.seconds("3")).isEqualTo(3);
        assertThat(HookBudget.seconds("0")).isEqualTo(HookBudget.DEFAULT_SECONDS);
        assertThat(HookBudget.seconds("-2")).isEqualTo(HookBudget.DEFAULT_SECONDS);
        assertThat(HookBudget.seconds("2.5")).isEqualTo(HookBudget.DEFAULT_SECONDS);
        assertThat(HookBudget.seconds(null)).isEqualTo(HookBudget.DEFAULT_SECONDS);
    }
}

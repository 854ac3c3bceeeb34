package dev.ghp.agents.hooks;

import static dev.ghp.agents.hooks.HookDialectsTest.payload;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Which tool runs a hook, told from the reference payloads of each (src/test/resources/hooks/). */
class HookRunnerTest {
    @Test
    void claudeCodesOwnPayloadsNameNoOtherRunner() throws IOException {
        for (String event : new String[] {"SessionStart", "PostToolUse", "Stop", "Notification", "StopFailure", "PreToolUse"}) {
            assertThat(payload("claude", event).runner()).as(event).isEqualTo(HookRunner.UNKNOWN);
        }
        for (String event : new String[] {"SessionStart", "PostToolUse", "Stop"}) {
            assertThat(payload("codex", event).runner()).as(event).isEqualTo(HookRunner.UNKNOWN);
        }
    }

    @Test
    void copilotRunningClaudeCodesHooksIsToldByItsTimestamp() throws IOException {
        for (String event : new String[] {"claude-SessionStart", "claude-PostToolUse", "claude-Stop"}) {
            HookInput input = payload("copilot", event);
            assertThat(input.runner()).as(event).isEqualTo(HookRunner.COPILOT);
            assertThat(input.runner().strangerTo(HookAgent.CLAUDE)).contains("GitHub Copilot");
        }
        assertThat(payload("copilot", "postToolUse").runner().strangerTo(HookAgent.COPILOT)).as("its own hook").isEmpty();
    }

    @Test
    void cursorRunningClaudeCodesHooksIsToldByItsCommonFields() throws IOException {
        HookInput input = payload("cursor", "claude-PostToolUse");
        assertThat(input.runner()).isEqualTo(HookRunner.CURSOR);
        assertThat(input.runner().strangerTo(HookAgent.CLAUDE)).contains("Cursor");
        assertThat(input.cwd()).isEqualTo("${CWD}");
        assertThat(payload("cursor", "stop").runner().strangerTo(HookAgent.CURSOR)).as("its own hook").isEmpty();
    }

    @Test
    void cursorsStopStatusAndLoopCountAreRead() throws IOException {
        HookInput capped = payload("cursor", "stop-loop-limit");
        assertThat(capped.status()).isEqualTo("completed");
        assertThat(capped.loopCount()).isEqualTo(5);
        assertThat(payload("cursor", "stop-aborted").status()).isEqualTo("aborted");
        assertThat(payload("claude", "Stop").loopCount()).isZero();
    }
}

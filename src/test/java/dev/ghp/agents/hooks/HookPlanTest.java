package dev.ghp.agents.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.model.AgentRecord;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HookPlanTest {
    static AgentRecord status(String s) {
        return AgentRecord.builder().issue(7).status(s).timestamp(Instant.parse("2025-01-25T10:00:00Z")).build();
    }

    @Test
    void afterToolUseAKnownAgentGetsAThrottledQuietHeartbeat() {
        assertThat(HookPlan.heartbeatArgs(HookEvent.POST_TOOL_USE, status("testing")))
                .containsExactly("--throttle", "60s", "--quiet");
    }

    @Test
    void afterToolUseAnAgentWithoutAnEntryStaysWithoutOne() {
        assertThat(HookPlan.heartbeatArgs(HookEvent.POST_TOOL_USE, null)).isEmpty();
        assertThat(HookPlan.heartbeatArgs(HookEvent.STOP, null)).isEmpty();
    }

    @Test
    void theEndOfATurnMarksAWorkingAgentWaitingAndTheNextToolCallMarksItWorkingAgain() {
        assertThat(HookPlan.heartbeatArgs(HookEvent.STOP, status("implementing")))
                .containsExactly("--status", "waiting", "--quiet");
        assertThat(HookPlan.heartbeatArgs(HookEvent.POST_TOOL_USE, status("waiting")))
                .containsExactly("--status", "implementing", "--quiet");
    }

    @Test
    void statusesTheAgentSetForAReasonAreNeverOverwrittenByAHook() {
        for (String s : new String[]{"blocked", "done", "waiting", "some-future-status"}) {
            assertThat(HookPlan.heartbeatArgs(HookEvent.STOP, status(s))).as(s).containsExactly("--throttle", "60s", "--quiet");
        }
        assertThat(HookPlan.heartbeatArgs(HookEvent.POST_TOOL_USE, status("blocked"))).containsExactly("--throttle", "60s", "--quiet");
    }

    @Test
    void aSessionStartRegistersTheAgentWhetherOrNotItHasAnEntry() {
        assertThat(HookPlan.heartbeatArgs(HookEvent.SESSION_START, null)).containsExactly("--throttle", "60s", "--quiet");
        assertThat(HookPlan.heartbeatArgs(HookEvent.SESSION_START, status("done"))).containsExactly("--throttle", "60s", "--quiet");
    }

    @Test
    void aPromptFromItsHumanMarksAWaitingAgentWorkingAndRefreshesOthers() {
        assertThat(HookPlan.heartbeatArgs(HookEvent.USER_PROMPT_SUBMIT, status("waiting")))
                .containsExactly("--status", "implementing", "--quiet");
        assertThat(HookPlan.heartbeatArgs(HookEvent.USER_PROMPT_SUBMIT, status("blocked"))).containsExactly("--throttle", "60s", "--quiet");
        assertThat(HookPlan.heartbeatArgs(HookEvent.USER_PROMPT_SUBMIT, null)).isEmpty();
    }

    @Test
    void aPermissionPromptOrATurnThatFailedMarksAWorkingAgentWaitingButNotABlockedOne() {
        assertThat(HookPlan.heartbeatArgs(HookEvent.NOTIFICATION, status("implementing")))
                .containsExactly("--status", "waiting", "--quiet");
        assertThat(HookPlan.heartbeatArgs(HookEvent.STOP_FAILURE, status("testing")))
                .containsExactly("--status", "waiting", "--quiet");
        assertThat(HookPlan.heartbeatArgs(HookEvent.NOTIFICATION, status("blocked")))
                .containsExactly("--throttle", "60s", "--quiet");
        assertThat(HookPlan.waitsForHuman("permission_prompt")).isTrue();
        assertThat(HookPlan.waitsForHuman("idle_prompt")).isTrue();
        assertThat(HookPlan.waitsForHuman("ToolPermission")).isTrue();
        assertThat(HookPlan.waitsForHuman("auth_success")).isFalse();
        assertThat(HookPlan.waitsForHuman("shell_completed")).isFalse();
    }
}

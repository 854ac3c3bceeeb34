package dev.ghp.agents.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.model.AgentRecord;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SessionEndsTest {
    static AgentRecord record(String status, String lastAction) {
        return AgentRecord.builder().issue(7).status(status).lastAction(lastAction)
                .timestamp(Instant.parse("2026-01-25T10:00:00Z")).build();
    }

    @Test
    void aClearOrAResumeIsNoEndEverythingElseIs() {
        for (String goesOn : new String[]{"clear", "resume", "CLEAR", " compact "}) {
            assertThat(SessionEnds.ends(goesOn)).as(goesOn).isFalse();
        }
        for (String ends : new String[]{"logout", "prompt_input_exit", "bypass_permissions_disabled", "other", "exit",
            "user_close", "window_close", "complete", "user_exit", "abort", "timeout", "error", "something-new"}) {
            assertThat(SessionEnds.ends(ends)).as(ends).isTrue();
        }
        assertThat(SessionEnds.ends(null)).isTrue();
    }

    @Test
    void theEndsActionSaysWhyInOneCleanLine() {
        assertThat(SessionEnds.action("logout")).isEqualTo("session ended (logout)");
        assertThat(SessionEnds.action(null)).isEqualTo("session ended");
        assertThat(SessionEnds.action("\u001b[31mx\ny")).isEqualTo("session ended (31mxy)");
    }

    @Test
    void aSessionStartAfterAnEndBringsTheAgentBackButADoneTheAgentReportedStays() {
        assertThat(HookPlan.heartbeatArgs(HookEvent.SESSION_START, record("done", SessionEnds.action("logout"))))
                .containsExactly("--status", "starting", "--quiet");
        assertThat(HookPlan.heartbeatArgs(HookEvent.SESSION_START, record("done", "merged the parser")))
                .containsExactly("--throttle", "60s", "--quiet");
        assertThat(SessionEnds.marks(record("done", "merged"))).isFalse();
        assertThat(SessionEnds.marks(record("waiting", null))).isTrue();
        assertThat(SessionEnds.marks(null)).isFalse();
    }

    @Test
    void aSubagentsToolCallOnlyRefreshesItsParentAndNeverChangesItsStatus() {
        assertThat(HookPlan.subagentHeartbeat(HookEvent.POST_TOOL_USE, record("waiting", null)))
                .hasValueSatisfying(b -> assertThat(b.args()).containsExactly("--throttle", "60s", "--quiet"));
        assertThat(HookPlan.subagentHeartbeat(HookEvent.POST_TOOL_USE_FAILURE, record("implementing", null))).isPresent();
        assertThat(HookPlan.subagentHeartbeat(HookEvent.POST_TOOL_USE, null)).isEmpty();
        assertThat(HookPlan.subagentHeartbeat(HookEvent.POST_TOOL_USE, record("done", null))).isEmpty();
        assertThat(HookPlan.subagentHeartbeat(HookEvent.STOP, record("implementing", null))).isEmpty();
    }

    @Test
    void elicitationDialogsWaitOnAHumanAuthSuccessAndCopilotsShellNoticesDoNot() {
        assertThat(HookPlan.waitsForHuman("elicitation_dialog")).isTrue();
        assertThat(HookPlan.waitsForHuman("permission_prompt")).isTrue();
        assertThat(HookPlan.waitsForHuman("auth_success")).isFalse();
        assertThat(HookPlan.waitsForHuman("shell_completed")).isFalse();
    }
}

package dev.ghp.agents.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HookInputTest {

    static HookInput read(String text) {
        return HookInput.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void cursorsWorkspaceRootsGiveTheDirectoryAndCopilotsCamelCaseItsSession() {
        HookInput cursor = read("""
                {"conversation_id": "c-1", "workspace_roots": [["nested"], "/ignored"], "hook_event_name": "stop",
                 "status": "completed"}
                """);
        HookInput cursor2 = read("""
                {"conversation_id": "c-1", "workspace_roots": ["/work/app-147", "/work/other"], "hook_event_name": "stop"}
                """);
        HookInput copilot = read("""
                {"sessionId": "s-9", "timestamp": 1704614400000, "cwd": "/work/app", "toolName": "bash",
                 "toolArgs": {"command": "ls"}}
                """);
        HookInput notification = read("""
                {"session_id": "s", "cwd": "/w", "hook_event_name": "Notification", "notification_type": "permission_prompt"}
                """);

        assertThat(cursor.cwd()).isNull();
        assertThat(cursor.hookEventName()).isEqualTo("stop");
        assertThat(cursor2.cwd()).isEqualTo("/work/app-147");
        assertThat(cursor2.sessionId()).isEqualTo("c-1");
        assertThat(copilot.sessionId()).isEqualTo("s-9");
        assertThat(copilot.toolName()).isEqualTo("bash");
        assertThat(copilot.cwd()).isEqualTo("/work/app");
        assertThat(notification.notificationType()).isEqualTo("permission_prompt");
        assertThat(cursor.problem()).isNull();
    }

    @Test
    void readsTheTopLevelFieldsOfAPostToolUseEventAndIgnoresTheToolsOwnData() {
        HookInput in = read("""
                {"session_id": "abc123", "transcript_path": "/t.jsonl", "cwd": "/work/wt-3",
                 "hook_event_name": "PostToolUse", "tool_name": "Bash",
                 "tool_input": {"command": "cd /elsewhere", "cwd": "/elsewhere"},
                 "tool_response": {"stdout": "x", "nested": [{"cwd": "/nope"}]}}
                """);

        assertThat(in.cwd()).isEqualTo("/work/wt-3");
        assertThat(in.hookEventName()).isEqualTo("PostToolUse");
        assertThat(in.sessionId()).isEqualTo("abc123");
        assertThat(in.toolName()).isEqualTo("Bash");
        assertThat(in.problem()).isNull();
    }

    @Test
    void readsTheWholeStreamEvenWhenTheToolResponseIsLarge() {
        String big = "x".repeat(3_000_000);
        byte[] bytes = ("{\"cwd\": \"/w\", \"tool_response\": {\"content\": \"" + big + "\"}}").getBytes(StandardCharsets.UTF_8);
        InputStream stream = new ByteArrayInputStream(bytes);

        HookInput in = HookInput.read(stream);

        assertThat(in.cwd()).isEqualTo("/w");
        assertThat(((ByteArrayInputStream) stream).available()).as("drained, so the writer never sees a broken pipe").isZero();
    }

    @Test
    void readsStopHookActiveFromAStopEventAndOnlyAtTheTopLevel() {
        assertThat(read("{\"cwd\": \"/w\", \"hook_event_name\": \"Stop\", \"stop_hook_active\": true}").stopHookActive()).isTrue();
        assertThat(read("{\"cwd\": \"/w\", \"hook_event_name\": \"Stop\", \"stop_hook_active\": false}").stopHookActive()).isFalse();
        assertThat(read("{\"cwd\": \"/w\", \"tool_input\": {\"stop_hook_active\": true}}").stopHookActive()).isFalse();
        assertThat(read("{\"cwd\": \"/w\", \"stop_hook_active\": \"yes\"}").stopHookActive()).isFalse();
    }

    @Test
    void noInputIsNotAProblemButBrokenInputIs() {
        assertThat(read("")).isEqualTo(HookInput.none());
        assertThat(read("{\"cwd\": \"/w\", ").problem()).contains("not valid JSON");
        assertThat(read("[1, 2]").problem()).contains("not a JSON object");
    }

    @Test
    void aWriterThatNeverClosesStdinDoesNotHangTheHook() throws IOException {
        java.io.PipedOutputStream writer = new java.io.PipedOutputStream();
        java.io.PipedInputStream stdin = new java.io.PipedInputStream(writer);
        writer.write("{\"cwd\": \"/work/wt-3\", \"tool_response\": {\"stdout\": \"still comi".getBytes(StandardCharsets.UTF_8));
        writer.flush();

        HookInput in = HookInput.read(stdin, java.time.Duration.ofSeconds(1));

        assertThat(in.cwd()).as("what arrived is used").isEqualTo("/work/wt-3");
        assertThat(in.problem()).isEqualTo("the hook input did not end within 1s");
    }

    @Test
    void sessionStartCarriesItsSource() {
        assertThat(read("{\"hook_event_name\": \"SessionStart\", \"source\": \"compact\"}").source()).isEqualTo("compact");
    }

    @Test
    void eventsAreNamedEitherWay() {
        assertThat(HookEvent.parse("post-tool-use")).contains(HookEvent.POST_TOOL_USE);
        assertThat(HookEvent.parse("PostToolUse")).contains(HookEvent.POST_TOOL_USE);
        assertThat(HookEvent.parse("SessionStart")).contains(HookEvent.SESSION_START);
        assertThat(HookEvent.parse("Stop")).contains(HookEvent.STOP);
        assertThat(HookEvent.parse("pre-tool-use")).contains(HookEvent.PRE_TOOL_USE);
        assertThat(HookEvent.parse("PreToolUse")).contains(HookEvent.PRE_TOOL_USE);
        assertThat(HookEvent.parse("PermissionRequest")).isEmpty();
    }

    @Test
    void aValidEventWithA40MegabyteFieldIsReadAndOneWeNeedThatLongIsCalledTooLarge() {
        String big = "x".repeat(40_000_000);
        // A generous limit: this test is about size, not about the 5 s a hook waits for its input.
        HookInput output = HookInput.read(new ByteArrayInputStream(("{\"hook_event_name\": \"PostToolUse\", "
                + "\"cwd\": \"/w\", \"tool_output\": \"" + big + "\"}").getBytes(StandardCharsets.UTF_8)),
                java.time.Duration.ofMinutes(2));
        HookInput cwd = HookInput.read(new ByteArrayInputStream(("{\"hook_event_name\": \"PostToolUse\", \"cwd\": \""
                + big + "\"}").getBytes(StandardCharsets.UTF_8)), java.time.Duration.ofMinutes(2));

        assertThat(output.problem()).isNull();
        assertThat(output.cwd()).isEqualTo("/w");
        assertThat(output.hookEventName()).isEqualTo("PostToolUse");
        assertThat(cwd.problem()).isEqualTo("the hook input is too large to read: a field we read is longer than "
                + "20000000 characters");
    }

    @Test
    void theFieldsOfToolInputThatNameAFileAreKeptAndItsContentIsNot() {
        HookInput in = read("{\"tool_name\": \"Write\", \"tool_input\": {\"file_path\": \"/w/a\", \"content\": \"x\","
                + " \"nested\": {\"path\": \"/no\"}, \"path\": 3}, \"toolArgs\": \"{}\"}");

        assertThat(in.problem()).isNull();
        assertThat(in.toolInput()).containsExactly(java.util.Map.entry("file_path", "/w/a"));
        assertThat(in.toolArgs()).isEqualTo("{}");
        assertThat(read("{\"tool_input\": \"{\\\"path\\\": 1}\"}").toolArgs()).as("tool_input as JSON text")
                .isEqualTo("{\"path\": 1}");
    }

    @Test
    void aSubagentsIdAnEndsReasonAndATeammatesNameAreKept() {
        HookInput sub = read("""
                {"session_id": "s", "cwd": "/w", "hook_event_name": "PostToolUse", "agent_id": "agent-1", "agent_type": "Explore"}
                """);
        HookInput main = read("""
                {"session_id": "s", "cwd": "/w", "hook_event_name": "PostToolUse"}
                """);
        HookInput end = read("""
                {"session_id": "s", "cwd": "/w", "hook_event_name": "SessionEnd", "reason": "logout", "teammate_name": "t"}
                """);
        HookInput gemini = read("""
                {"session_id": "s", "cwd": "/w", "hook_event_name": "SessionEnd", "trigger": "clear"}
                """);

        assertThat(sub.inSubagent()).isTrue();
        assertThat(sub.agentId()).isEqualTo("agent-1");
        assertThat(main.inSubagent()).isFalse();
        assertThat(end.endReason()).isEqualTo("logout");
        assertThat(end.teammateName()).isEqualTo("t");
        assertThat(gemini.endReason()).isEqualTo("clear");
    }
}

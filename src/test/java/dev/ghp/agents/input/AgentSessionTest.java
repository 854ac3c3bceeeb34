package dev.ghp.agents.input;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Each agent tool's marker tells a session; a person's terminal has none (docs/authority.md, "Roles"). */
class AgentSessionTest {

    private static Optional<AgentSession> in(Map<String, String> env) {
        return AgentSession.of(env::get);
    }

    @ParameterizedTest
    @CsvSource({
        "GHP_AGENT, worker-1, ghp",
        "GHP_SPAWN_CONTEXT, '{\"issue\":{\"number\":1}}', ghp",
        "CLAUDECODE, 1, claude-code",
        "CLAUDE_CODE_ENTRYPOINT, cli, claude-code",
        "CODEX_THREAD_ID, 019d1afb-b2c7, codex",
        "CODEX_SANDBOX, seatbelt, codex",
        "CODEX_SANDBOX_NETWORK_DISABLED, 1, codex",
        "GEMINI_CLI, 1, gemini-cli",
        "CURSOR_AGENT, 1, cursor",
        "COPILOT_AGENT, 1, copilot",
        "COPILOT_CLI, 1, copilot",
        "COPILOT_AGENT_SESSION_ID, 5aacf7d0, copilot",
        "AI_AGENT, some-agent@2, some-agent@2"})
    void eachToolsMarkerTellsItsSession(String variable, String value, String tool) {
        Optional<AgentSession> s = in(Map.of(variable, value));

        assertThat(s).isPresent();
        assertThat(s.get().tool()).isEqualTo(tool);
        assertThat(s.get().marker()).isEqualTo(variable);
        assertThat(AgentSession.MARKER_VARIABLES).contains(variable);
    }

    @Test
    void theAgentToolIsNamedBeforeOurOwnMarker() {
        assertThat(in(Map.of("GHP_AGENT", "lead", "CLAUDECODE", "1", "CLAUDE_CODE_SESSION_ID", "8a718ed2")).orElseThrow())
                .isEqualTo(new AgentSession("claude-code", "CLAUDECODE", "8a718ed2"));
    }

    @Test
    void aPersonsTerminalIsNoSession() {
        assertThat(in(Map.of("USER", "alice", "TERM", "xterm", "HOME", "/home/alice"))).isEmpty();
    }

    @Test
    void aFlagSetToSomethingElseOrLeftEmptyIsNoMarker() {
        assertThat(in(Map.of("CLAUDECODE", "0"))).isEmpty();
        assertThat(in(Map.of("GEMINI_CLI", "false"))).isEmpty();
        assertThat(in(Map.of("GHP_AGENT", " "))).isEmpty();
        assertThat(in(Map.of("AI_AGENT", ""))).isEmpty();
    }

    @Test
    void cursorsEditorTerminalIsAPersonsToo() {
        // The editor sets CURSOR_TRACE_ID in the terminal a person types in: not an agent's marker.
        assertThat(in(Map.of("CURSOR_TRACE_ID", "abc"))).isEmpty();
    }

    @Test
    void theSessionIdIsTakenWhereTheToolGivesOne() {
        assertThat(in(Map.of("CLAUDECODE", "1", "CLAUDE_CODE_SESSION_ID", "8a718ed2")).orElseThrow().describe())
                .isEqualTo("claude-code 8a718ed2");
        assertThat(in(Map.of("CODEX_THREAD_ID", "019d1afb")).orElseThrow().session()).isEqualTo("019d1afb");
        assertThat(in(Map.of("GEMINI_CLI", "1")).orElseThrow().describe()).isEqualTo("gemini-cli");
    }

    @Test
    void aSessionIdIsOneBoundedLine() {
        AgentSession s = in(Map.of("CLAUDECODE", "1", "CLAUDE_CODE_SESSION_ID", "a\nGhp-Written-By: person alice"
                + "x".repeat(300))).orElseThrow();

        assertThat(s.session()).doesNotContain("\n").doesNotContain(" ").hasSize(100);
    }
}

package dev.ghp.agents.input;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Whether a command runs inside an agent's session, by the variables the agent tools set for the
 * commands they run (and GHP's and ours), and that session's id where the tool gives one. The one
 * place that knows the markers; docs/authority.md ("Roles") cites where each comes from.
 *
 * @param tool    which tool's session: {@code ghp}, {@code claude-code}, {@code codex}, {@code gemini-cli},
 *                {@code cursor}, {@code copilot}, or what {@code AI_AGENT} names
 * @param marker  the variable that told
 * @param session the tool's session (thread) id, or null when the tool gives none to commands
 */
public record AgentSession(String tool, String marker, String session) {

    /**
     * A variable that marks a session. {@code value} null: any value but the empty one marks it;
     * else only that value (a flag another program might set to 0 or false does not count).
     */
    private record Marker(String tool, String variable, String value, String sessionVariable) {
    }

    // Order matters only for which one is named: the first present wins, so an agent tool's (which
    // may give a session id) before ours, which an agent tool's session often has too.
    private static final List<Marker> MARKERS = List.of(
            // Claude Code: CLAUDECODE=1 since 0.2.47 (anthropics/claude-code#531), CLAUDE_CODE_ENTRYPOINT
            // beside it; CLAUDE_CODE_SESSION_ID in Bash tool commands since 2.1.132 (#56879).
            new Marker("claude-code", "CLAUDECODE", "1", "CLAUDE_CODE_SESSION_ID"),
            new Marker("claude-code", "CLAUDE_CODE_ENTRYPOINT", null, "CLAUDE_CODE_SESSION_ID"),
            // Codex CLI: CODEX_THREAD_ID in the shell tool's environment (openai/codex#10096), CODEX_SANDBOX
            // when sandboxed (seatbelt), CODEX_SANDBOX_NETWORK_DISABLED when the sandbox cuts the network.
            new Marker("codex", "CODEX_THREAD_ID", null, "CODEX_THREAD_ID"),
            new Marker("codex", "CODEX_SANDBOX", null, "CODEX_THREAD_ID"),
            new Marker("codex", "CODEX_SANDBOX_NETWORK_DISABLED", null, "CODEX_THREAD_ID"),
            // Gemini CLI: GEMINI_CLI=1 in its shell tool's commands (gitlab-org/cli!3293 shows it); no session id.
            new Marker("gemini-cli", "GEMINI_CLI", "1", null),
            // Cursor's agent CLI: CURSOR_AGENT (vercel/detect-agent, aws-cdk-cli's detect-agent). Not
            // CURSOR_TRACE_ID: the editor sets it in the terminal a person types in too.
            new Marker("cursor", "CURSOR_AGENT", null, null),
            // Copilot: COPILOT_AGENT=1 in VS Code's agent terminals (microsoft/vscode#316267); COPILOT_CLI=1
            // and COPILOT_AGENT_SESSION_ID in the Copilot coding agent's (reported in moonrepo/proto#1028).
            new Marker("copilot", "COPILOT_AGENT", "1", "COPILOT_AGENT_SESSION_ID"),
            new Marker("copilot", "COPILOT_CLI", "1", "COPILOT_AGENT_SESSION_ID"),
            new Marker("copilot", "COPILOT_AGENT_SESSION_ID", null, "COPILOT_AGENT_SESSION_ID"),
            new Marker("ghp", "GHP_AGENT", null, null),
            new Marker("ghp", SpawnContext.VARIABLE, null, null));

    /** The variable {@code @vercel/detect-agent} proposes for any agent: its value names the tool. */
    static final String AI_AGENT = "AI_AGENT";

    /** Every variable that marks a session, for tests and launchers that must start outside one. */
    public static final List<String> MARKER_VARIABLES = java.util.stream.Stream.concat(
            MARKERS.stream().map(Marker::variable), java.util.stream.Stream.of(AI_AGENT)).distinct().toList();

    private static final int MAX_SHOWN = 100;

    /** The session this environment is in, or empty for a person's own terminal. */
    public static Optional<AgentSession> of(Function<String, String> env) {
        for (Marker m : MARKERS) {
            String v = env.apply(m.variable());
            if (v == null || v.isBlank() || (m.value() != null && !m.value().equals(v.trim()))) {
                continue;
            }
            String session = m.sessionVariable() == null ? null : shown(env.apply(m.sessionVariable()));
            return Optional.of(new AgentSession(m.tool(), m.variable(), session));
        }
        String named = shown(env.apply(AI_AGENT));
        return named == null ? Optional.empty() : Optional.of(new AgentSession(named, AI_AGENT, null));
    }

    /** One line, bounded, printable ASCII: a value that ends up in a commit trailer and on a terminal. */
    private static String shown(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        raw.strip().codePoints().limit(MAX_SHOWN).forEach(c -> b.append(c > 0x20 && c < 0x7f ? (char) c : '-'));
        return b.toString();
    }

    /** {@code claude-code 3f2a…}, or the tool alone. */
    public String describe() {
        return session == null ? tool : tool + " " + session;
    }
}

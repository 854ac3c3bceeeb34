package dev.ghp.agents.hooks;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.text.Durations;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What Claude Code tells a hook on stdin, as far as ghp-agents cares. A {@code PostToolUse} event
 * carries the tool's whole input and response (a file's content, a command's output), so the JSON
 * is streamed: the few top-level strings are kept, everything else is skipped without building it.
 *
 * @param cwd           the session's working directory: which worktree, so which agent and issue
 * @param hookEventName {@code PostToolUse}, {@code Stop}, {@code SessionStart}, …
 * @param sessionId     Claude Code's session id
 * @param source        for {@code SessionStart}: {@code startup}, {@code resume}, {@code clear} or {@code compact}
 * @param toolName      for {@code PostToolUse}: the tool that ran
 * @param notificationType for {@code Notification}: {@code permission_prompt}, {@code idle_prompt}, {@code ToolPermission}, …
 * @param problem       why the input could not be read, or null (no input at all is not a problem)
 * @param stopHookActive for {@code Stop}: Claude Code's {@code stop_hook_active}, true when the turn goes on
 *                      because a Stop hook blocked its end (a hook that blocks again would loop)
 * @param toolInput     the text fields of {@code tool_input} that name what a tool edits ({@link #TOOL_INPUT_READ}),
 *                      each only when it is text; empty for none
 * @param toolArgs      the tool's arguments when they come as one JSON text: Copilot's {@code toolArgs}, or a
 *                      {@code tool_input} that is a string; null otherwise
 * @param status        for Cursor's {@code stop}: {@code completed}, {@code aborted} or {@code error}; null otherwise
 * @param loopCount     for Cursor's {@code stop}: how many follow-ups this turn already had ({@code loop_count}); 0 when absent
 * @param runner        which tool's payload this is, told by its fields ({@link HookRunner})
 * @param agentId       Claude Code's and Codex's {@code agent_id}: present only when the hook fires inside a
 *                      subagent (the subagent's id), or at {@code SubagentStart}; null in the main conversation
 * @param endReason     for a session end: {@code reason} (Claude Code {@code clear}, {@code resume},
 *                      {@code logout}, …; Copilot {@code complete}, {@code user_exit}, …), else Gemini
 *                      CLI's {@code trigger}; null when the event gives none
 * @param teammateName  an agent-team teammate's name ({@code teammate_name}), where the event carries one
 */
public record HookInput(String cwd, String hookEventName, String sessionId, String source, String toolName,
                        String notificationType, String problem, boolean stopHookActive, Map<String, String> toolInput,
                        String toolArgs, String status, int loopCount, HookRunner runner, String agentId, String endReason,
                        String teammateName) {
    /** Cursor sends no {@code cwd}, but the workspace's folders; the first is the one the agent works in. */
    private static final String WORKSPACE_ROOTS = "workspace_roots";
    /**
     * The top-level text fields read; every other value is skipped unread, however long: a tool's
     * output of 40 MB as a top-level string (beyond the parser's 20-million-character bound on a
     * string it is asked for) must not make a valid event unreadable.
     */
    private static final Set<String> READ = Set.of("cwd", "hook_event_name", "session_id", "sessionId",
            "conversation_id", "source", "tool_name", "toolName", "notification_type", "status", "loop_count",
            "agent_id", "reason", "trigger", "teammate_name");

    /**
     * The fields of {@code tool_input} kept: where each agent's edit tools name their file
     * (docs/guide.md, "The edit guard"). A tool's content ({@code content}, {@code new_string}) is skipped unread.
     */
    public static final Set<String> TOOL_INPUT_READ = Set.of("file_path", "notebook_path", "path", "target_file", "command");
    private static final String TOOL_INPUT = "tool_input";
    private static final String TOOL_ARGS = "toolArgs";
    /** Where the fields of {@code tool_input} are kept among the others while the input is read. */
    private static final String TOOL_INPUT_PREFIX = "tool_input.";
    /** Where the presence of a field that tells the runner ({@link HookRunner#SIGNS}) is kept, its value unread. */
    private static final String PRESENT_PREFIX = "present.";

    public HookInput {
        toolInput = toolInput == null ? Map.of() : Map.copyOf(toolInput);
        runner = runner == null ? HookRunner.UNKNOWN : runner;
    }

    /** Whether the hook fires inside a subagent: its run is the subagent's, never its parent's conversation. */
    public boolean inSubagent() {
        return agentId != null && !agentId.isBlank();
    }

    public static HookInput none() {
        return new HookInput(null, null, null, null, null, null, null, false, Map.of(), null, null, 0, HookRunner.UNKNOWN,
                null, null, null);
    }

    /** How long a hook waits for its input to end: a writer that never closes stdin must not hang it. */
    public static final Duration TIME_LIMIT = Duration.ofSeconds(5);

    public static HookInput read(InputStream in) {
        return read(in, TIME_LIMIT);
    }

    /**
     * Reads the event from the stream to its end (so the writer never sees a broken pipe), or for
     * at most {@code limit}: then the fields found so far are used, and the reading thread (a
     * daemon) is left to the process's exit.
     */
    public static HookInput read(InputStream in, Duration limit) {
        Map<String, String> fields = new ConcurrentHashMap<>();
        String[] problem = {null};
        CountDownLatch done = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try {
                problem[0] = parse(in, fields);
            } finally {
                done.countDown();
            }
        }, "ghp-hook-input");
        reader.setDaemon(true);
        reader.start();
        boolean finished;
        try {
            finished = done.await(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finished = false;
        }
        if (!finished) {
            return of(fields, "the hook input did not end within " + Durations.brief(limit));
        }
        if (fields.isEmpty() && "".equals(problem[0])) {
            return none();
        }
        return of(fields, problem[0] == null || problem[0].isEmpty() ? null : problem[0]);
    }

    private static HookInput of(Map<String, String> fields, String problem) {
        return new HookInput(fields.getOrDefault("cwd", fields.get(WORKSPACE_ROOTS)), fields.get("hook_event_name"),
                fields.getOrDefault("session_id", fields.getOrDefault("sessionId", fields.get("conversation_id"))),
                fields.get("source"), fields.getOrDefault("tool_name", fields.get("toolName")),
                fields.get("notification_type"), problem, "true".equals(fields.get("stop_hook_active")),
                toolInput(fields), fields.getOrDefault(TOOL_ARGS, fields.get(TOOL_INPUT)), fields.get("status"),
                count(fields.get("loop_count")), HookRunner.of(name -> fields.containsKey(PRESENT_PREFIX + name)),
                fields.get("agent_id"), fields.getOrDefault("reason", fields.get("trigger")), fields.get("teammate_name"));
    }

    private static int count(String text) {
        try {
            return text == null ? 0 : Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }

    private static Map<String, String> toolInput(Map<String, String> fields) {
        Map<String, String> out = new HashMap<>();
        fields.forEach((k, v) -> {
            if (k.startsWith(TOOL_INPUT_PREFIX)) {
                out.put(k.substring(TOOL_INPUT_PREFIX.length()), v);
            }
        });
        return out;
    }

    /** @return null when it read an object, "" when there was no input at all, else the problem */
    private static String parse(InputStream in, Map<String, String> fields) {
        String problem = null;
        boolean any = false;
        try (JsonParser p = Json.parser(in)) {
            p.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
            JsonToken first = p.nextToken();
            if (first != null) {
                any = true;
                if (first != JsonToken.START_OBJECT) {
                    problem = "the hook input is not a JSON object";
                } else {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String name = p.currentName();
                        JsonToken value = p.nextToken();
                        if (HookRunner.SIGNS.contains(name)) {
                            fields.put(PRESENT_PREFIX + name, "");
                        }
                        if (value == JsonToken.VALUE_NUMBER_INT && READ.contains(name)) {
                            fields.put(name, p.getText());
                        } else if (value == JsonToken.VALUE_STRING && (READ.contains(name) || TOOL_ARGS.equals(name)
                                || TOOL_INPUT.equals(name))) {
                            fields.put(name, p.getText());
                        } else if (value == JsonToken.START_OBJECT && TOOL_INPUT.equals(name)) {
                            readToolInput(p, fields);
                        } else if (value == JsonToken.VALUE_TRUE || value == JsonToken.VALUE_FALSE) {
                            fields.put(name, p.getText());
                        } else if (value == JsonToken.START_ARRAY && WORKSPACE_ROOTS.equals(name)) {
                            JsonToken t = p.nextToken();
                            if (t == JsonToken.VALUE_STRING) {
                                fields.put(name, p.getText());
                            }
                            while (t != null && t != JsonToken.END_ARRAY) {
                                p.skipChildren();
                                t = p.nextToken();
                            }
                        } else {
                            p.skipChildren();
                        }
                    }
                }
            }
        } catch (StreamConstraintsException e) {
            // Valid JSON, but a field we read is longer than the parser's bound: say so, not "not JSON".
            problem = "the hook input is too large to read: a field we read is longer than "
                    + StreamReadConstraints.defaults().getMaxStringLength() + " characters";
        } catch (IOException e) {
            problem = "the hook input is not valid JSON";
        } finally {
            drain(in);
        }
        return !any && problem == null ? "" : problem;
    }

    /** The text fields of {@code tool_input} that name a file or a patch; everything else in it skipped unread. */
    private static void readToolInput(JsonParser p, Map<String, String> fields) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if (value == JsonToken.VALUE_STRING && TOOL_INPUT_READ.contains(name)) {
                fields.put(TOOL_INPUT_PREFIX + name, p.getText());
            } else {
                p.skipChildren();
            }
        }
    }

    private static void drain(InputStream in) {
        byte[] buffer = new byte[8192];
        try {
            while (in.read(buffer) >= 0) {
                // discard: the parser stopped early, the writer still expects us to read it all
            }
        } catch (IOException ignored) {
            // the writer went away; nothing left to drain
        }
    }
}

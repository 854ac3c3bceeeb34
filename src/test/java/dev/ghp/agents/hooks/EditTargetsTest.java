package dev.ghp.agents.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which files each agent's edit tool call writes, read from the hook's input as the agent sends it. */
class EditTargetsTest {
    @TempDir
    Path tmp;

    static HookInput read(String json) {
        return HookInput.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    static List<String> named(HookAgent agent, String json) {
        return EditTargets.named(agent, read(json));
    }

    @Test
    void claudeCodesEditToolsNameTheirFileAndNoOtherToolIsRead() {
        assertThat(named(HookAgent.CLAUDE, "{\"tool_name\": \"Write\", \"tool_input\": {\"file_path\": \"/w/a.txt\","
                + " \"content\": \"*** Update File: b.txt\"}}")).containsExactly("/w/a.txt");
        assertThat(named(HookAgent.CLAUDE, "{\"tool_name\": \"MultiEdit\", \"tool_input\": {\"file_path\": \"/w/a.txt\","
                + " \"edits\": [{\"old_string\": \"x\", \"new_string\": \"y\"}]}}")).containsExactly("/w/a.txt");
        assertThat(named(HookAgent.CLAUDE, "{\"tool_name\": \"NotebookEdit\", \"tool_input\": {\"notebook_path\":"
                + " \"/w/n.ipynb\", \"new_source\": \"x\"}}")).containsExactly("/w/n.ipynb");
        assertThat(named(HookAgent.CLAUDE, "{\"tool_name\": \"Bash\", \"tool_input\": {\"command\": \"echo x > /w/a.txt\"}}"))
                .as("a shell command is never parsed for paths").isEmpty();
        assertThat(named(HookAgent.CLAUDE, "{\"tool_name\": \"Read\", \"tool_input\": {\"file_path\": \"/w/a.txt\"}}")).isEmpty();
        assertThat(named(HookAgent.CLAUDE, "{\"tool_name\": \"Edit\", \"tool_input\": {\"file_path\": 7}}")).isEmpty();
        assertThat(named(HookAgent.CLAUDE, "{\"tool_name\": \"Edit\"}")).isEmpty();
    }

    @Test
    void codexsPatchIsReadOnlyInItsFileHeaders() {
        String patch = "*** Begin Patch\\n*** Update File: src/a.txt\\n@@\\n-*** Add File: not/a/header\\n"
                + "+*** Delete File: nor/this\\n*** Add File: docs/new.md\\n+hello\\n*** Delete File: old.txt\\n"
                + "*** Update File: src/b.txt\\n*** Move to: src/c.txt\\n@@\\n-x\\n+y\\n*** End Patch\\n";

        assertThat(named(HookAgent.CODEX, "{\"tool_name\": \"apply_patch\", \"tool_input\": {\"command\": \"" + patch + "\"}}"))
                .containsExactly("src/a.txt", "docs/new.md", "old.txt", "src/b.txt", "src/c.txt");
        assertThat(named(HookAgent.CODEX, "{\"tool_name\": \"Bash\", \"tool_input\": {\"command\": \"" + patch + "\"}}"))
                .as("Codex's shell").isEmpty();
        assertThat(EditTargets.patchTargets("*** Update File: a.txt\r\n*** Update File:   \n")).containsExactly("a.txt");
    }

    @Test
    void geminiCursorAndCopilotNameTheirFileTheirOwnWay() {
        assertThat(named(HookAgent.GEMINI, "{\"tool_name\": \"write_file\", \"tool_input\": {\"file_path\": \"/w/a\","
                + " \"content\": \"x\"}}")).containsExactly("/w/a");
        assertThat(named(HookAgent.GEMINI, "{\"tool_name\": \"replace\", \"tool_input\": {\"file_path\": \"/w/b\"}}"))
                .containsExactly("/w/b");
        assertThat(named(HookAgent.GEMINI, "{\"tool_name\": \"run_shell_command\", \"tool_input\": {\"command\": \"x\"}}")).isEmpty();
        assertThat(named(HookAgent.CURSOR, "{\"tool_name\": \"Write\", \"tool_input\": {\"file_path\": \"/w/c\"}}"))
                .containsExactly("/w/c");
        assertThat(named(HookAgent.CURSOR, "{\"tool_name\": \"StrReplace\", \"tool_input\": \"{\\\"path\\\": \\\"/w/d\\\"}\"}"))
                .as("a tool_input sent as JSON text").containsExactly("/w/d");
        assertThat(named(HookAgent.CURSOR, "{\"tool_name\": \"Shell\", \"tool_input\": {\"command\": \"x\"}}")).isEmpty();
        assertThat(named(HookAgent.COPILOT, "{\"toolName\": \"create\", \"toolArgs\": \"{\\\"path\\\":\\\"/w/e\\\","
                + "\\\"file_text\\\":\\\"x\\\"}\"}")).containsExactly("/w/e");
        assertThat(named(HookAgent.COPILOT, "{\"toolName\": \"edit\", \"toolArgs\": \"not json\"}")).isEmpty();
        assertThat(named(HookAgent.COPILOT, "{\"toolName\": \"bash\", \"toolArgs\": \"{\\\"path\\\":\\\"/w/e\\\"}\"}")).isEmpty();
    }

    @Test
    void pathsAreMadeRelativeToTheWorktreeAndThoseOutsideItAreLeftOut() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("app"));
        Path cwd = Files.createDirectories(root.resolve("src"));

        List<String> in = EditTargets.inWorktree(List.of(root + "/src/parser/P.java", "lexer/L.java",
                "../docs/../README.md", root + "/./src/../pom.xml", "../../outside.txt", "/etc/passwd",
                root.toString(), root + "/src/parser/P.java", "a\0b"), cwd, root);

        assertThat(in).containsExactly("src/parser/P.java", "src/lexer/L.java", "README.md", "pom.xml");
        assertThat(EditTargets.inWorktree(List.of(tmp + "/app-other/x.txt"), cwd, root))
                .as("a sibling whose name starts like the worktree's").isEmpty();
    }

    @Test
    void aWorktreeNamedThroughASymbolicLinkIsTheSameWorktree() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("real/app"));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), tmp.resolve("real"));

        assertThat(EditTargets.inWorktree(List.of(link + "/app/src/new/N.java"), root, root)).containsExactly("src/new/N.java");
    }

    @Test
    void invisibleCharactersInANameAreKeptSoThePathMatchesNoClaimItDoesNotName() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("app"));

        assertThat(EditTargets.inWorktree(List.of(root + "/src/pa\u200Brser/P.java"), root, root))
                .containsExactly("src/pa\u200Brser/P.java");
    }
}

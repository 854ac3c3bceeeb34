package dev.ghp.agents.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.hooks.AgentsMdBlock;
import dev.ghp.agents.testing.GitRepo;
import dev.ghp.agents.testing.Launcher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user guide, tried as a new user would: its commands are read from {@code docs/guide.md}
 * itself (the code block after each marker comment) and run through a shell with ghp-agents'
 * {@code bin} first on PATH, so the guide cannot drift from what works.
 */
class GuideIT {
    static final Path GUIDE = Launcher.ROOT.resolve("docs/guide.md");

    @TempDir
    Path tmp;

    /** The lines of the first code block after {@code <!-- marker -->}. */
    static List<String> block(String marker) throws IOException {
        String text = Files.readString(GUIDE);
        int at = text.indexOf("<!-- " + marker + " -->");
        assertThat(at).as("marker %s in the guide", marker).isNotNegative();
        int start = text.indexOf("```sh\n", at) + "```sh\n".length();
        int end = text.indexOf("```", start);
        return text.substring(start, end).lines().filter(l -> !l.isBlank()).toList();
    }

    @Test
    void aRepositoryIsSetUpForAgentsWithTheGuidesTwoCommands() throws IOException {
        GitRepo repo = GitRepo.init(tmp, "app");
        repo.commitFile("AGENTS.md", "# App\n\nBuild with make.\n");
        Map<String, String> env = AgentHooksIT.withGhpAgentsOnPath(tmp, Launcher.userEnv(tmp));
        List<String> setup = block("setup");
        assertThat(setup).hasSize(2);

        for (String line : setup) {
            GitRepo.Result r = new Launcher(repo.dir()).env(env).bash(line);
            assertThat(r.exit()).as("%s: %s", line, r.err()).isZero();
            // The only word: commit the file, which is the guide's next step.
            assertThat(r.err().lines().filter(l -> !l.startsWith("warning: .claude/settings.json is not committed")
                    && !l.startsWith("hint: commit it (git add .claude/settings.json"))).as(line).isEmpty();
        }

        assertThat(Files.readString(repo.dir().resolve("AGENTS.md"))).isEqualTo("# App\n\nBuild with make.\n\n" + AgentsMdBlock.text());
        String settings = Files.readString(repo.dir().resolve(".claude/settings.json"));
        assertThat(settings).contains("ghp-agents agent-hooks run post-tool-use --for claude",
                "ghp-agents agent-hooks run stop --for claude", "ghp-agents agent-hooks run session-start --for claude");

        // An agent starts in a worktree: Claude Code runs the SessionStart hook from the settings.
        GitRepo worker = repo.addWorktree("app-42", "bob/42-login");
        GitRepo.Result start = new Launcher(tmp).env(env).sh("{\"cwd\": \"" + worker.dir() + "\", \"hook_event_name\": \"SessionStart\"}",
                "ghp agent-hooks run session-start");
        assertThat(start.exit()).isZero();
        assertThat(start.out()).contains("You are agent \"app-42\"").contains("issue #42 (claimed)");
        assertThat(new Launcher(repo.dir()).env(env).run("agent-status").out()).contains("app-42").contains("#42");
    }

    @Test
    void theGhpEventHooksInTheGuideKeepTheRecordInStepWithGhp() throws IOException {
        GitRepo repo = GitRepo.init(tmp, "app");
        repo.commitFile("README.md", "x\n");
        Map<String, String> env = Launcher.userEnv(tmp);
        Map<String, String> hooks = eventHooks();
        assertThat(hooks.keySet()).containsExactly("worktree-created", "issue-started", "pr-created", "worktree-removed");

        // ghp start 147 --parallel: GHP creates the worktree, then fires worktree-created from where it ran.
        GitRepo worker = repo.addWorktree("app-147", "alice/147-parser");
        Map<String, String> payload = Map.of("worktree.path", worker.dir().toString(), "worktree.name", "app-147",
                "issue.number", "147", "pr.number", "212", "branch", "alice/147-parser", "repo", "acme/app");
        fire(repo.dir(), env, hooks.get("worktree-created"), payload);
        assertThat(status(repo)).contains("\"app-147\": {\n      \"issue\": 147,\n      \"status\": \"starting\"")
                .contains("worktree created by ghp start");

        // ghp pr --create, run by the agent in its worktree.
        fire(worker.dir(), env, hooks.get("pr-created"), payload);
        assertThat(status(repo)).contains("\"status\": \"reviewing\"").contains("\"lastAction\": \"opened PR #212\"");

        // ghp start 150 in the main checkout (no worktree): the main checkout's agent takes issue 150.
        fire(repo.dir(), env, hooks.get("issue-started"), Map.of("issue.number", "150", "branch", "main", "repo", "acme/app"));
        assertThat(status(repo)).contains("\"app\": {\n      \"issue\": 150,");

        // ghp worktree remove: the worktree is gone before the hook runs.
        repo.git("worktree", "remove", worker.dir().toString());
        fire(repo.dir(), env, hooks.get("worktree-removed"), payload);
        assertThat(status(repo)).doesNotContain("app-147");
    }

    @Test
    void theGuidesRepairOfCorruptStateWorksAndLosesNothing() throws IOException {
        GitRepo repo = GitRepo.init(tmp, "app");
        Map<String, String> env = Launcher.userEnv(tmp);
        assertThat(new Launcher(repo.dir()).env(env).run("agent-heartbeat", "--agent", "w1", "--issue", "7").exit()).isZero();
        // Something writes a broken agent table on top.
        new Launcher(repo.dir()).env(env).bash("""
                export GIT_INDEX_FILE=$(mktemp -u)
                git read-tree refs/ghp/coordination
                git update-index --add --cacheinfo "100644,$(printf '{"agents": ' | git hash-object -w --stdin),.ghp/agent-status.json"
                git update-ref refs/ghp/coordination "$(git commit-tree "$(git write-tree)" -p refs/ghp/coordination -m broken)"
                """);
        GitRepo.Result broken = new Launcher(repo.dir()).env(env).run("agent-heartbeat", "--agent", "w1");
        assertThat(broken.exit()).isEqualTo(5);
        assertThat(broken.err()).contains("the coordination state is corrupt");

        Path scratch = tmp.resolve("scratch.json");
        String repair = String.join("\n", block("repair")).replace("/tmp/agent-status.json", scratch.toString());
        GitRepo.Result r = new Launcher(repo.dir()).env(env).bash("set -e\n" + repair);
        assertThat(r.exit()).as(r.err()).isZero();

        GitRepo.Result status = new Launcher(repo.dir()).env(env).run("agent-status");
        assertThat(status.exit()).as(status.err()).isZero();
        assertThat(status.out()).contains("w1").contains("#7");
        assertThat(repo.git("log", "--format=%s", "refs/ghp/coordination")).as("nothing is lost")
                .startsWith("repair .ghp/agent-status.json by hand\nbroken\n");
        repo.assertFsckClean();
    }

    /** The guide's {@code ghp hooks add NAME --event E --command '…'} lines, by event. */
    static Map<String, String> eventHooks() throws IOException {
        Map<String, String> hooks = new java.util.LinkedHashMap<>();
        Pattern line = Pattern.compile("ghp hooks add \\S+ --event (\\S+) --command '(.*)'");
        for (String l : block("ghp-event-hooks")) {
            Matcher m = line.matcher(l);
            assertThat(m.matches()).as(l).isTrue();
            hooks.put(m.group(1), m.group(2));
        }
        return hooks;
    }

    /** Runs an event hook as GHP does: template variables substituted (quoted), then {@code /bin/sh -c}. */
    static void fire(Path cwd, Map<String, String> env, String command, Map<String, String> payload) {
        String expanded = command;
        for (Map.Entry<String, String> e : payload.entrySet()) {
            String value = e.getKey().endsWith(".number") ? e.getValue() : "'" + e.getValue().replace("'", "'\\''") + "'";
            expanded = expanded.replace("${" + e.getKey() + "}", value);
        }
        List<String> unexpanded = new ArrayList<>();
        Matcher left = Pattern.compile("\\$\\{[a-z.]+}").matcher(expanded);
        while (left.find()) {
            unexpanded.add(left.group());
        }
        assertThat(unexpanded).as("variables GHP would not fill in").isEmpty();
        GitRepo.Result r = new Launcher(cwd).env(env).sh(null, expanded);
        assertThat(r.exit()).as("%s: %s", expanded, r.err()).isZero();
        assertThat(r.out()).isEmpty();
    }

    static String status(GitRepo repo) {
        return repo.showCoordination(".ghp/agent-status.json");
    }
}

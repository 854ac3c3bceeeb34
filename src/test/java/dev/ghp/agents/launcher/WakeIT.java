package dev.ghp.agents.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ghp.agents.testing.GitRemotes;
import dev.ghp.agents.testing.GitRepo;
import dev.ghp.agents.testing.Launcher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wake run (#23, docs/decisions.md "#23 wake"): Claude Code's background Stop hook
 * ({@code asyncRewake}), through bin/ghp and the daemon, as Claude Code runs it: the Stop event on
 * stdin, exit 2 and the messages on stderr to wake the agent, exit 0 and nothing otherwise. Waits
 * are injected short ({@code GHP_WAKE_WAIT}); the daemon's waiting threads are counted in /proc.
 */
class WakeIT {
    static final String AGENT = "app-147";

    @TempDir
    Path tmp;
    GitRepo main;
    GitRepo worker;
    Path daemonDir;

    @BeforeEach
    void anAgentInItsWorktree() {
        main = GitRepo.init(tmp, "app");
        main.commitFile("README.md", "app\n");
        worker = main.addWorktree(AGENT, "alice/147-parser");
        daemonDir = tmp.resolve("run/ghp-agents");
    }

    @AfterEach
    void stopDaemons() {
        ProcessHandle.allProcesses()
                .filter(h -> h.pid() != ProcessHandle.current().pid())
                .filter(h -> h.info().arguments().map(a -> String.join(" ", a).contains(daemonDir.toString())).orElse(false))
                .forEach(ProcessHandle::destroyForcibly);
    }

    Launcher ghp(GitRepo where, String wakeWait) {
        Map<String, String> env = new HashMap<>(Launcher.userEnv(tmp));
        env.put("GHP_DAEMON", "on");
        env.put("GHP_DAEMON_DIR", daemonDir.toString());
        env.put("GHP_WAKE_WAIT", wakeWait);
        return new Launcher(where.dir()).env(env);
    }

    static String event(String name, Path cwd) {
        return event(name, cwd, "s1");
    }

    static String event(String name, Path cwd, String session) {
        return "{\"session_id\": \"" + session + "\", \"cwd\": \"" + cwd + "\", \"hook_event_name\": \"" + name + "\"}";
    }

    /** A wake run started as Claude Code starts one at a Stop; its stdout and stderr go to files. */
    record Wake(Process process, Path out, Path err) {
        String stdout() throws IOException {
            return Files.readString(out);
        }

        String stderr() throws IOException {
            return Files.readString(err);
        }

        int exit(int seconds) throws Exception {
            assertThat(process.waitFor(seconds, TimeUnit.SECONDS)).as("the wake run ended within %ss", seconds).isTrue();
            return process.exitValue();
        }
    }

    private int wakes;

    Wake startWake(Launcher ghp, Path cwd) throws IOException {
        return startWake(ghp, cwd, "s1");
    }

    Wake startWake(Launcher ghp, Path cwd, String session) throws IOException {
        wakes++;
        Path out = tmp.resolve("wake" + wakes + ".out");
        Path err = tmp.resolve("wake" + wakes + ".err");
        Process p = ghp.builder("agent-hooks", "run", "wake", "--for", "claude")
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        p.getOutputStream().write(event("Stop", cwd, session).getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        return new Wake(p, out, err);
    }

    /** The agent's session starts (it registers), and the daemon that will hold its waits is up. */
    long sessionStarts(Launcher ghp, GitRepo where) throws Exception {
        assertThat(ghp.runWithInput(event("SessionStart", where.dir()), "agent-hooks", "run", "session-start").exit()).isZero();
        return DaemonIT.awaitDaemon(daemonDir, -1).orElseThrow();
    }

    /** How many of the daemon's threads hold a waiting agent now (their names, in /proc). */
    static int waiting(long daemon) {
        Path tasks = Path.of("/proc/" + daemon + "/task");
        try (var list = Files.list(tasks)) {
            return (int) list.filter(t -> {
                try {
                    return Files.readString(t.resolve("comm")).strip().equals("ghp-wake-wait");
                } catch (IOException e) {
                    return false;
                }
            }).count();
        } catch (IOException e) {
            return 0;
        }
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() < deadline).as("within 30 s: " + what).isTrue();
            Thread.sleep(50);
        }
    }

    private String send(Launcher ghp, String to, String text) {
        GitRepo.Result r = ghp.run("agent-message", "--to", to, "--by", "carol", text);
        assertThat(r.exit()).as(r.err()).isZero();
        return newest(main);
    }

    private static String newest(GitRepo repo) {
        List<String> ids = unread(repo).lines().filter(l -> l.startsWith("msg-")).toList();
        assertThat(ids).isNotEmpty();
        return ids.get(ids.size() - 1).replace(".json", "");
    }

    private static String unread(GitRepo repo) {
        return repo.run("ls-tree", "--name-only", "refs/ghp/coordination:.ghp/inbox/" + AGENT).out();
    }

    @Test
    void anIdleAgentIsWokenOnceByAMessageThatNeedsIt() throws Exception {
        Launcher ghp = ghp(worker, "5m");
        long daemon = sessionStarts(ghp, worker);
        Wake wake = startWake(ghp, worker.dir());
        await("the agent waits in the daemon", () -> waiting(daemon) == 1);

        String id = send(ghp, AGENT, "your parser breaks on tabs");

        assertThat(wake.exit(30)).as(wake.stderr()).isEqualTo(2);
        assertThat(wake.stderr()).contains(id).contains("your parser breaks on tabs");
        assertThat(wake.stdout()).isEmpty();
        await("the message shown is marked read", () -> !unread(main).contains(id));
        // Exactly once: the agent's next hook run does not deliver it again.
        GitRepo.Result next = ghp.runWithInput(event("UserPromptSubmit", worker.dir()), "agent-hooks", "run",
                "user-prompt-submit");
        assertThat(next.out()).doesNotContain(id);
        assertThat(waiting(daemon)).isZero();
    }

    @Test
    void aTeammatesWakeWaitsForTheTeammatesMessagesNotTheFirstSessions() throws Exception {
        Launcher ghp = ghp(worker, "6s");
        long daemon = sessionStarts(ghp, worker);
        String teammate = "teammate-7f3a";
        GitRepo.Result second = ghp.runWithInput(event("SessionStart", worker.dir(), teammate), "agent-hooks", "run",
                "session-start");
        assertThat(second.exit()).as(second.err()).isZero();
        String teammateName = AGENT + "-teamma";
        assertThat(second.out()).contains(teammateName);
        Wake first = startWake(ghp, worker.dir());
        Wake theirs = startWake(ghp, worker.dir(), teammate);
        await("both sessions wait in the daemon", () -> waiting(daemon) == 2);

        GitRepo.Result sent = ghp.run("agent-message", "--to", teammateName, "--by", "carol", "teammate: take the tests");
        assertThat(sent.exit()).as(sent.err()).isZero();

        assertThat(theirs.exit(30)).as(theirs.stderr()).isEqualTo(2);
        assertThat(theirs.stderr()).contains("teammate: take the tests");
        assertThat(first.exit(30)).as("the first session's wake is not for the teammate's message").isZero();
        assertThat(first.stderr()).isEmpty();
    }

    @Test
    void anAssignmentWakesTheIdleAgent() throws Exception {
        Launcher ghp = ghp(worker, "5m");
        long daemon = sessionStarts(ghp, worker);
        Wake wake = startWake(ghp, worker.dir());
        await("the agent waits in the daemon", () -> waiting(daemon) == 1);

        GitRepo.Result assigned = ghp.run("agent-assign", "--to", AGENT, "--issue", "150", "--note", "the tokenizer first",
                "--by", "lead");
        assertThat(assigned.exit()).as(assigned.err()).isZero();
        String id = newest(main);

        assertThat(wake.exit(30)).as(wake.stderr()).isEqualTo(2);
        assertThat(wake.stderr()).contains(id).contains("the tokenizer first");
        await("the notice shown is marked read", () -> !unread(main).contains(id));
    }

    @Test
    void aMessageToAllDoesNotWakeAndTheBoundEndsTheWaitSilently() throws Exception {
        Launcher ghp = ghp(worker, "4s");
        long daemon = sessionStarts(ghp, worker);
        Wake wake = startWake(ghp, worker.dir());
        await("the agent waits in the daemon", () -> waiting(daemon) == 1);

        String id = send(ghp, "all", "lunch at noon");

        assertThat(wake.exit(30)).as(wake.stderr()).isZero();
        assertThat(wake.stderr()).isEmpty();
        assertThat(wake.stdout()).isEmpty();
        assertThat(unread(main)).as("not shown, so still unread").contains(id);
    }

    @Test
    void aNewStopOrAPromptSupersedesTheWaitSilently() throws Exception {
        Launcher ghp = ghp(worker, "5m");
        long daemon = sessionStarts(ghp, worker);
        Wake first = startWake(ghp, worker.dir());
        await("the agent waits in the daemon", () -> waiting(daemon) == 1);

        Wake second = startWake(ghp, worker.dir());
        assertThat(first.exit(30)).isZero();
        assertThat(first.stderr() + first.stdout()).isEmpty();
        await("the newer wait holds", () -> waiting(daemon) == 1);

        assertThat(ghp.runWithInput(event("UserPromptSubmit", worker.dir()), "agent-hooks", "run",
                "user-prompt-submit").exit()).isZero();
        assertThat(second.exit(30)).isZero();
        assertThat(second.stderr() + second.stdout()).isEmpty();
        assertThat(waiting(daemon)).isZero();
    }

    @Test
    void aDaemonKilledMidWaitEndsTheHookSilentlyWithNothingMarkedRead() throws Exception {
        Launcher ghp = ghp(worker, "5m");
        long daemon = sessionStarts(ghp, worker);
        Wake wake = startWake(ghp, worker.dir());
        await("the agent waits in the daemon", () -> waiting(daemon) == 1);

        Launcher.signal(daemon, "KILL");

        assertThat(wake.exit(30)).isZero();
        assertThat(wake.stderr() + wake.stdout()).isEmpty();
        String id = send(ghp.env("GHP_DAEMON", "off"), AGENT, "still there?");
        assertThat(unread(main)).contains(id);
    }

    @Test
    void withoutTheDaemonTheWakeRunEndsAtOnce() throws Exception {
        Launcher ghp = ghp(worker, "5m").env("GHP_DAEMON", "off");
        Wake wake = startWake(ghp, worker.dir());

        assertThat(wake.exit(30)).isZero();
        assertThat(wake.stderr() + wake.stdout()).isEmpty();
        assertThat(daemonDir).doesNotExist();
    }

    @Test
    void aMessageSentInAnotherCloneWakesTheAgentOnceSynced() throws Exception {
        GitRepo remote = GitRemotes.bare(tmp, "remote.git");
        main.git("remote", "add", "origin", remote.dir().toString());
        main.git("push", "-q", "origin", "HEAD:main");
        GitRepo other = GitRemotes.cloneOf(remote, tmp, "other");
        Launcher here = ghp(worker, "5m").env("GHP_AUTO_SYNC", "1s").env("GHP_REMOTE_CHECK", "1s");
        long daemon = sessionStarts(here, worker);
        Launcher there = ghp(other, "5m").env("GHP_DAEMON", "off").env("GHP_AUTO_SYNC", "1s");
        GitRepo.Result sync = there.run("agent-sync");
        assertThat(sync.exit()).as(sync.err()).isZero();
        Wake wake = startWake(here, worker.dir());
        await("the agent waits in the daemon", () -> waiting(daemon) == 1);

        GitRepo.Result sent = there.run("agent-message", "--to", AGENT, "--by", "carol", "from the other clone");
        assertThat(sent.exit()).as(sent.err()).isZero();
        String id = newest(other);
        assertThat(unread(main)).doesNotContain(id);

        assertThat(wake.exit(60)).as(wake.stderr()).isEqualTo(2);
        assertThat(wake.stderr()).contains(id).contains("from the other clone");
        await("the message shown is marked read", () -> !unread(main).contains(id));
    }
}

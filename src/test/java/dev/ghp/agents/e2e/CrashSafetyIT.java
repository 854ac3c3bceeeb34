package dev.ghp.agents.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.jdi.Bootstrap;
import com.sun.jdi.ReferenceType;
import com.sun.jdi.VirtualMachine;
import com.sun.jdi.connect.AttachingConnector;
import com.sun.jdi.connect.Connector;
import com.sun.jdi.event.BreakpointEvent;
import com.sun.jdi.event.ClassPrepareEvent;
import com.sun.jdi.event.Event;
import com.sun.jdi.event.EventSet;
import com.sun.jdi.event.VMDeathEvent;
import com.sun.jdi.event.VMDisconnectEvent;
import com.sun.jdi.request.BreakpointRequest;
import com.sun.jdi.request.ClassPrepareRequest;
import com.sun.jdi.request.EventRequest;
import dev.ghp.agents.model.Json;
import dev.ghp.agents.testing.CliRunner;
import dev.ghp.agents.testing.GitRepo;
import dev.ghp.agents.testing.Launcher;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writers killed with SIGKILL in the middle of a heartbeat (docs/design.md#tests): the next heartbeat
 * succeeds, nothing committed before is lost, and {@code git fsck --strict} stays clean.
 */
class CrashSafetyIT {
    private static final int KILLS = Integer.getInteger("ghp.it.kills", 8);
    private static final String LOCK_FILE_CLASS = "org.eclipse.jgit.internal.storage.file.LockFile";

    @TempDir
    Path tmp;

    private GitRepo repo;

    @BeforeEach
    void init() {
        repo = GitRepo.init(tmp, "repo");
        repo.commitFile("README.md", "hi\n");
    }

    private Set<String> agentsOnRecord() throws Exception {
        if (!repo.hasCoordinationRef()) {
            return Set.of();
        }
        JsonNode agents = Json.parseObject(repo.showCoordination(".ghp/agent-status.json")).path("agents");
        Set<String> names = new TreeSet<>();
        agents.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Each agent on an issue of its own: an issue held by a live agent is refused to the others. */
    private GitRepo.Result heartbeat(String agent, int issue) {
        return new Launcher(repo.dir()).run("agent-heartbeat", "--agent", agent, "--issue", String.valueOf(issue),
                "--status", "implementing", "--action", "after the crash", "--quiet");
    }

    @Test
    void writersKilledAtVariedMomentsNeverCostAnEntryCommittedBefore() throws Exception {
        long t0 = System.nanoTime();
        GitRepo.Result first = heartbeat("calibration", 147);
        long heartbeatMillis = (System.nanoTime() - t0) / 1_000_000;
        assertThat(first.exit()).as(first.err()).isZero();
        Set<String> committed = new HashSet<>(Set.of("calibration"));
        int finishedBeforeKill = 0;
        int leftRefLock = 0;
        int victimsOnRecord = 0;
        List<Long> delays = new ArrayList<>();

        for (int k = 0; k < KILLS; k++) {
            // Spread over the whole life of a heartbeat: start-up, lock, read, write, swap, exit.
            long delay = heartbeatMillis * (k + 1) / KILLS + (k % 3) * 7;
            delays.add(delay);
            Process victim = new Launcher(repo.dir()).builder("agent-heartbeat", "--agent", "victim-" + k,
                    "--issue", String.valueOf(100 + k), "--action", "about to be killed", "--quiet").start();
            Thread.sleep(delay);
            boolean wasRunning = victim.isAlive();
            victim.destroyForcibly();
            assertThat(victim.waitFor(30, TimeUnit.SECONDS)).isTrue();
            if (!wasRunning) {
                finishedBeforeKill++;
                assertThat(victim.exitValue()).isZero();
                committed.add("victim-" + k);
            }
            if (Files.exists(repo.coordinationRefLock())) {
                leftRefLock++;
            }

            GitRepo.Result next = heartbeat("survivor-" + k, 200 + k);

            assertThat(next.exit()).as("the heartbeat after kill %d (at %d ms): %s", k, delay, next.err()).isZero();
            committed.add("survivor-" + k);
            Set<String> onRecord = agentsOnRecord();
            assertThat(onRecord).as("after kill %d at %d ms", k, delay).containsAll(committed);
            if (onRecord.contains("victim-" + k)) {
                victimsOnRecord++;
                committed.add("victim-" + k);
            }
            assertThat(repo.coordinationRefLock()).doesNotExist();
        }

        repo.assertFsckClean();
        assertThat(repo.git("status", "--porcelain")).isEmpty();
        System.out.printf("crash safety: %d writers killed with SIGKILL at %s ms (one heartbeat took %d ms);"
                        + " %d had finished, %d left a JGit ref lock, %d victims' entries made it;"
                        + " next heartbeat succeeded every time; entries lost: 0; fsck clean%n",
                KILLS, delays, heartbeatMillis, finishedBeforeKill, leftRefLock, victimsOnRecord);
    }

    /**
     * Deterministic: a debugger stops the writer exactly when it holds JGit's ref lock, after it
     * wrote its objects and before the ref moves; then it is killed. The lock it leaves behind
     * would block every later update, and the OS lock it held must be freed by the kernel.
     */
    @Test
    void aWriterKilledWhileHoldingTheRefLockIsRecoveredFromByTheNextHeartbeat() throws Exception {
        CliRunner inProcess = new CliRunner(repo.dir());
        for (String seed : List.of("seed-1", "seed-2", "seed-3")) {
            assertThat(inProcess.run("agent-heartbeat", "--agent", seed, "--issue", "7" + seed.charAt(5)).exit()).isZero();
        }
        String tipBefore = repo.coordinationTip();
        Path refLock = repo.coordinationRefLock();

        Process victim = new Launcher(repo.dir())
                .env("GHP_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString())
                .env("GHP_JAVA_OPTS", "-agentlib:jdwp=transport=dt_socket,server=y,suspend=y,address=127.0.0.1:0")
                .builder("agent-heartbeat", "--agent", "victim", "--issue", "9", "--quiet")
                .redirectErrorStream(true).start();
        VirtualMachine vm = attach(victim);
        stopWhenRefLockIsHeld(vm, refLock);

        String pending = Files.readString(refLock).trim();
        assertThat(pending).matches("[0-9a-f]{40}");
        assertThat(repo.run("cat-file", "-e", pending + "^{commit}").exit()).as("the new commit was written").isZero();
        assertThat(repo.coordinationTip()).as("the ref has not moved yet").isEqualTo(tipBefore);

        Path osLock = repo.commonDir().resolve("ghp-coordination.lock");
        assertThat(osLockHolders(osLock)).as("the stopped writer holds the OS lock").containsExactly(victim.pid());
        Process survivor = new Launcher(repo.dir()).builder("agent-heartbeat", "--agent", "survivor", "--issue", "8",
                "--quiet").start();
        waitUntilItHasOpen(survivor, osLock);
        Launcher.signal(victim.pid(), "KILL");
        assertThat(victim.waitFor(30, TimeUnit.SECONDS)).isTrue();
        try {
            vm.dispose();
        } catch (RuntimeException ignored) {
            // the debuggee is gone
        }
        assertThat(victim.exitValue()).isEqualTo(128 + 9);
        assertThat(osLockHolders(osLock)).as("the kernel freed the killed writer's OS lock").doesNotContain(victim.pid());

        assertThat(survivor.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String survivorErr = new String(survivor.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(survivor.exitValue()).as(survivorErr).isZero();
        assertThat(agentsOnRecord()).containsExactly("seed-1", "seed-2", "seed-3", "survivor");
        assertThat(refLock).doesNotExist();
        assertThat(repo.git("rev-parse", "refs/ghp/coordination^").trim()).isEqualTo(tipBefore);
        repo.assertFsckClean();
        System.out.println("crash safety: writer stopped holding refs/ghp/coordination.lock (objects written, ref not"
                + " moved), killed with SIGKILL; the waiting heartbeat then took the OS lock, removed the abandoned"
                + " ref lock and committed; entries lost: 0; fsck clean");
    }

    /** The processes holding a POSIX lock on the file, from the kernel's own table. */
    private static List<Long> osLockHolders(Path file) throws Exception {
        long inode = ((Number) Files.getAttribute(file, "unix:ino")).longValue();
        List<Long> pids = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/locks"))) {
            String[] f = line.trim().split("\\s+");
            // "1: POSIX  ADVISORY  WRITE 4242 fd:01:1234567 0 EOF"
            if (f.length > 5 && f[1].equals("POSIX") && f[5].endsWith(":" + inode)) {
                pids.add(Long.parseLong(f[4]));
            }
        }
        return pids;
    }

    /** Waits until the process has the file open: a writer that opened the OS lock file is waiting for the lock. */
    private static void waitUntilItHasOpen(Process p, Path file) throws Exception {
        Path fds = Path.of("/proc", Long.toString(p.pid()), "fd");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            assertThat(p.isAlive()).as("the waiting writer is still running").isTrue();
            try (var links = Files.list(fds)) {
                if (links.anyMatch(fd -> {
                    try {
                        return Files.readSymbolicLink(fd).equals(file);
                    } catch (Exception e) {
                        return false;
                    }
                })) {
                    return;
                }
            } catch (java.io.IOException ignored) {
                // the shell is still becoming java
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the second writer never opened " + file);
    }

    private static VirtualMachine attach(Process debuggee) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(debuggee.getInputStream(), StandardCharsets.UTF_8));
        Pattern listening = Pattern.compile("Listening for transport dt_socket at address: (\\d+)");
        String line;
        String port = null;
        while (port == null && (line = out.readLine()) != null) {
            Matcher m = listening.matcher(line);
            if (m.find()) {
                port = m.group(1);
            }
        }
        assertThat(port).as("the debuggee announced its port").isNotNull();
        Thread drain = new Thread(() -> {
            try {
                out.transferTo(java.io.Writer.nullWriter());
            } catch (Exception ignored) {
                // the process died
            }
        });
        drain.setDaemon(true);
        drain.start();
        AttachingConnector socket = Bootstrap.virtualMachineManager().attachingConnectors().stream()
                .filter(c -> c.name().equals("com.sun.jdi.SocketAttach")).findFirst().orElseThrow();
        Map<String, Connector.Argument> args = socket.defaultArguments();
        args.get("hostname").setValue("127.0.0.1");
        args.get("port").setValue(port);
        return socket.attach(args);
    }

    /** Resumes the debuggee until it is about to rename the ref's lock file into place, and leaves it stopped there. */
    private static void stopWhenRefLockIsHeld(VirtualMachine vm, Path refLock) throws Exception {
        ClassPrepareRequest prepare = vm.eventRequestManager().createClassPrepareRequest();
        prepare.addClassFilter(LOCK_FILE_CLASS);
        prepare.setSuspendPolicy(EventRequest.SUSPEND_ALL);
        prepare.enable();
        for (ReferenceType loaded : vm.classesByName(LOCK_FILE_CLASS)) {
            breakOnCommit(vm, loaded);
        }
        vm.resume();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            EventSet events = vm.eventQueue().remove(1000);
            if (events == null) {
                continue;
            }
            boolean stopHere = false;
            for (Event e : events) {
                if (e instanceof ClassPrepareEvent cp) {
                    breakOnCommit(vm, cp.referenceType());
                } else if (e instanceof BreakpointEvent && Files.exists(refLock)) {
                    stopHere = true;
                } else if (e instanceof VMDeathEvent || e instanceof VMDisconnectEvent) {
                    throw new AssertionError("the writer ended before it took the ref lock");
                }
            }
            if (stopHere) {
                return;
            }
            events.resume();
        }
        throw new AssertionError("the writer never reached the ref update");
    }

    private static void breakOnCommit(VirtualMachine vm, ReferenceType lockFile) {
        lockFile.methodsByName("commit").forEach(m -> {
            BreakpointRequest bp = vm.eventRequestManager().createBreakpointRequest(m.location());
            bp.setSuspendPolicy(EventRequest.SUSPEND_ALL);
            bp.enable();
        });
    }
}

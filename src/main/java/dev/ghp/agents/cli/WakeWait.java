package dev.ghp.agents.cli;

import dev.ghp.agents.config.WakeWaitSetting;
import dev.ghp.agents.errors.ExitCode;
import dev.ghp.agents.errors.GhpException;
import dev.ghp.agents.git.CommandVariables;
import dev.ghp.agents.git.RepoContext;
import dev.ghp.agents.git.RepoLocator;
import dev.ghp.agents.hooks.HookAgent;
import dev.ghp.agents.hooks.HookEvent;
import dev.ghp.agents.hooks.HookInput;
import dev.ghp.agents.hooks.MessageDigest;
import dev.ghp.agents.model.Message;
import dev.ghp.agents.rules.StaleDetector;
import dev.ghp.agents.store.MessageFiles;
import dev.ghp.agents.store.Snapshot;
import dev.ghp.agents.text.Printable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code ghp agent-hooks run wake --for claude}: the background Stop hook (Claude Code's
 * {@code asyncRewake}) that wakes an agent which ended its turn, once, when something arrives that
 * needs its action: a message to it by name, or a notice of the tool (an answer to its escalation,
 * a decision on its shared files, an assignment), as {@link HookDelivery#digestIfActionArrived}
 * decides. It prints the digest on stderr, which Claude Code shows the woken agent, exits 2, and
 * marks those messages read only once the launcher printed them ({@link AfterOutput}). Nothing
 * within {@code agents.wakeWait}, a newer wait or hook run of the agent, the launcher gone, or any
 * failure: exit 0, nothing printed, nothing marked read.
 *
 * <p>It waits only in the daemon ({@link WakeWaiters}): bin/ghp never starts a JVM for it, and a
 * run that finds itself in one anyway ends at once (docs/decisions.md "#23 wake").
 */
public final class WakeWait {
    /** What asyncRewake takes as "wake the agent with my stderr". */
    static final int WAKE = 2;
    /** The name of a daemon thread while its agent waits (at most 15 characters: Linux's thread names). */
    public static final String WAITING_THREAD = "ghp-wake-wait";

    private final HookRunCommand command;
    private final Io io;
    private final Environment env;

    WakeWait(HookRunCommand command, Io io, Environment env) {
        this.command = command;
        this.io = io;
        this.env = env;
    }

    /** Whether a command line is a wake run ({@code agent-hooks run wake …}): the daemon gives it a waiting thread. */
    public static boolean isWakeRun(List<String> args) {
        return args.size() > 2 && args.get(0).equals("agent-hooks") && args.get(1).equals("run")
                && HookEvent.parse(args.get(2)).orElse(null) == HookEvent.WAKE;
    }

    int run(String agent) {
        try {
            return waitAndWake(agent);
        } catch (RuntimeException e) {
            // A GhpException too. Said on stderr with exit 0: Claude Code shows a background hook's stderr to nobody then.
            io.err().println("ghp: hook wake: " + Printable.line(String.valueOf(e.getMessage())));
            return ExitCode.OK;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCode.OK;
        }
    }

    private int waitAndWake(String agent) throws InterruptedException {
        // Only Claude Code can be woken by a hook (docs/guide.md, "What wakes an agent").
        if (HookAgent.parse(agent).orElse(null) != HookAgent.CLAUDE || !WakeWaiters.enabled() || hooksOff()) {
            return ExitCode.OK;
        }
        HookInput input = "1".equals(env.get("GHP_STDIN_TTY")) ? HookInput.none() : HookInput.read(io.in());
        Path dir = command.where(input);
        if (!RepoLocator.isInsideRepository(dir, env.variables())) {
            return ExitCode.OK;
        }
        command.directory = dir;
        RepoContext rc = command.repo();
        // The session's own agent: a teammate's wake waits for the teammate's messages (#23 sessions).
        String me = command.sessionIdentity(HookEvent.WAKE, input, null).name();
        Duration bound = WakeWaitSetting.read(rc.mainWorktree(), env.variables());
        long deadline = System.nanoTime() + bound.toNanos();
        // What is unread now is the Stop's business (it blocked for it, or left it for the next prompt).
        Set<String> before = MessageFiles.unread(command.store().read(), me).stream().map(Message::id)
                .collect(Collectors.toSet());
        // The automatic sync when due, and the daemon's look at the remote renewed (a sync before a
        // read skips that look once it has synced).
        Runnable remoteLook = command.remoteLook();
        Runnable keepLooking = () -> CommandVariables.with(env.variables(), () -> {
            command.syncBeforeReadQuietly();
            remoteLook.run();
            return null;
        });
        Thread self = Thread.currentThread();
        String name = self.getName();
        try (WakeWaiters.Waiter waiter = WakeWaiters.register(rc.commonDir(), me, keepLooking)) {
            // Named while it waits: their count, in /proc, is how many agents wait (tests, the bench).
            self.setName(WAITING_THREAD);
            while (true) {
                if (waiter.await(deadline) != WakeWaiters.Woken.CHANGED) {
                    return ExitCode.OK;
                }
                Snapshot seen = command.store().read();
                HookDelivery delivery = new HookDelivery(me, env.clock().instant(), staleRule());
                MessageDigest digest = delivery.digestIfActionArrived(seen, m -> !before.contains(m.id()));
                if (!digest.isEmpty()) {
                    io.err().print(digest.text());
                    io.afterOutput().add(() -> markRead(me, digest));
                    return WAKE;
                }
            }
        } finally {
            self.setName(name);
        }
    }

    private void markRead(String me, MessageDigest shown) {
        try {
            new HookDelivery(me, env.clock().instant()).markShown(command.store(), shown);
        } catch (RuntimeException e) {
            // Left unread: the agent's next hook run delivers them again (at least once, never lost).
        }
    }

    private boolean hooksOff() {
        String value = env.get(HookRunCommand.HOOKS_SWITCH);
        return value != null && List.of("0", "off", "false", "no").contains(value.toLowerCase(Locale.ROOT));
    }

    private StaleDetector staleRule() {
        try {
            return command.staleDetector(null);
        } catch (GhpException e) {
            return null;
        }
    }
}

package dev.ghp.agents.cli;

import java.time.Duration;

/**
 * The time a hook run has, inside the time limit its agent kills it at (20 s as installed,
 * {@code hooks/HookAgent}): every wait of the run (the sync before its read, the write lock, the
 * launcher's wait for the daemon) ends within it, and past it the run exits 0 having printed and
 * marked read nothing. {@code GHP_HOOK_BUDGET} (whole seconds) changes it; bin/ghp reads the same
 * variable with the same default (HookBudgetAgreementTest).
 */
final class HookBudget {
    static final String VARIABLE = "GHP_HOOK_BUDGET";
    /** Five seconds under the shortest limit the hooks are installed with: room for the JVM's start. */
    static final int DEFAULT_SECONDS = 15;
    /** What the run leaves of the budget for handing its answer over (the daemon's socket, the launcher). */
    static final Duration HANDOVER = Duration.ofSeconds(1);
    /** The longest wait for the write lock, as every other command's. */
    static final Duration MAX_LOCK_WAIT = Duration.ofSeconds(30);
    /** The longest a write retries after losing a race on the ref, as every other command's. */
    static final Duration MAX_RETRY = Duration.ofSeconds(10);
    /** The least a write is given, even at the end of the budget: one try at the lock. */
    static final Duration MIN_LOCK_WAIT = Duration.ofMillis(200);

    private final Duration budget;
    private final long deadlineNanos;

    private HookBudget(Duration budget, long startNanos) {
        this.budget = budget;
        Duration work = budget.compareTo(HANDOVER.multipliedBy(2)) > 0 ? budget.minus(HANDOVER) : budget.dividedBy(2);
        this.deadlineNanos = startNanos + work.toNanos();
    }

    /** The budget of a run starting now, from {@code GHP_HOOK_BUDGET} when it is a whole number of seconds. */
    static HookBudget start(Environment env) {
        return new HookBudget(Duration.ofSeconds(seconds(env.get(VARIABLE))), System.nanoTime());
    }

    static int seconds(String value) {
        if (value != null && value.matches("[0-9]{1,6}") && Integer.parseInt(value) > 0) {
            return Integer.parseInt(value);
        }
        return DEFAULT_SECONDS;
    }

    Duration budget() {
        return budget;
    }

    /** What is left for the run's own work; zero once spent. */
    Duration remaining() {
        return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
    }

    /** How long a write retries after losing a race on the ref: as other commands, within what is left. */
    Duration retryBudget() {
        Duration wait = lockWait();
        return wait.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : wait;
    }

    /** How long a write may wait for the lock now: what is left, within the usual bounds. */
    Duration lockWait() {
        Duration left = remaining();
        if (left.compareTo(MIN_LOCK_WAIT) < 0) {
            return MIN_LOCK_WAIT;
        }
        return left.compareTo(MAX_LOCK_WAIT) > 0 ? MAX_LOCK_WAIT : left;
    }
}

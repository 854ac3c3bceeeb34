package dev.ghp.agents.config;

import dev.ghp.agents.errors.GhpException;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One setting as it was read: its value (null when nothing set it), or the error reading it gave.
 * The error is kept rather than thrown, so a bad key fails only the commands that use it, as when
 * each command read its own key.
 */
public final class Setting<T> {
    private static final Setting<?> ABSENT = new Setting<>(null, null);

    private final T value;
    private final GhpException problem;

    private Setting(T value, GhpException problem) {
        this.value = value;
        this.problem = problem;
    }

    @SuppressWarnings("unchecked")
    public static <T> Setting<T> absent() {
        return (Setting<T>) ABSENT;
    }

    public static <T> Setting<T> of(T value) {
        return new Setting<>(value, null);
    }

    /**
     * The value {@code reader} gives (null: not set), or the error it throws: a bad value, or a
     * configuration file that could not be read.
     */
    public static <T> Setting<T> read(Supplier<T> reader) {
        try {
            return new Setting<>(reader.get(), null);
        } catch (GhpException e) {
            return new Setting<>(null, e);
        }
    }

    /** @throws GhpException when the setting is invalid (exit 2), or its file unreadable (exit 5) */
    public Optional<T> get() {
        if (problem != null) {
            throw problem;
        }
        return Optional.ofNullable(value);
    }

    /** Whether reading the setting failed. */
    public boolean invalid() {
        return problem != null;
    }

    @Override
    public String toString() {
        return problem != null ? "invalid: " + problem.getMessage() : String.valueOf(value);
    }
}

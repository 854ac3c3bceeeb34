package dev.ghp.agents.config;

/**
 * A setting a flag, an environment variable and GHP's configuration files may each give: the one place
 * where the order flag over environment over configuration file over default is written.
 *
 * @param environment the variable's value, absent when the variable is not set
 * @param file        the configuration's value (the user's file over {@code .ghp/config.json}, as GHP
 *                    layers them), absent when the key is not there
 * @param committed   {@code .ghp/config.json}'s value alone, for {@link #fileValue()}
 * @param fallback    the value when nothing sets it
 */
public record Layered<T>(Setting<T> environment, Setting<T> file, Setting<T> committed, T fallback) {

    /** A setting the environment, either file or a flag may give. */
    public Layered(Setting<T> environment, Setting<T> file, T fallback) {
        this(environment, file, file, fallback);
    }

    /** A setting only the configuration files (and a flag) may give. */
    public static <T> Layered<T> fileOnly(Setting<T> file, T fallback) {
        return new Layered<>(Setting.absent(), file, fallback);
    }

    /** A setting only the environment (and a flag) may give. */
    public static <T> Layered<T> environmentOnly(Setting<T> environment, T fallback) {
        return new Layered<>(environment, Setting.absent(), fallback);
    }

    /** @throws dev.ghp.agents.errors.UsageException when the layer that gives the value is invalid */
    public T value() {
        return value(null);
    }

    /** @param flag the command line's value, or null when the flag was not given */
    public T value(T flag) {
        if (flag != null) {
            return flag;
        }
        return environment.get().orElseGet(() -> file.get().orElse(fallback));
    }

    /**
     * For a hook, which must not fail on the caller's environment: an invalid variable counts as
     * the default, not as an error (an invalid file still is one).
     */
    public T valueIgnoringInvalidEnvironment() {
        return environment.invalid() ? fallback : value();
    }

    /**
     * The committed {@code .ghp/config.json}'s value alone: for a setting every clone must agree on,
     * such as the merge's stale limit, which neither a clone's environment nor its user's own file
     * ({@code ~/.config/ghp-cli/config.json}) may change.
     */
    public T fileValue() {
        return committed.get().orElse(fallback);
    }
}

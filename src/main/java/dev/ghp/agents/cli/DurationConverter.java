package dev.ghp.agents.cli;

import dev.ghp.agents.text.Durations;
import dev.ghp.agents.text.Printable;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.TypeConversionException;

/**
 * Every {@link Duration} option, written as people write durations ({@code 90s}, {@code 10m},
 * {@code 1h30m}); registered once for the whole tree by {@link Cli}. A converter does not know which
 * option it converts, so it throws {@link NotADuration} and {@link Cli} words the one line, naming the
 * option, as the commands did when each parsed its own.
 */
final class DurationConverter implements ITypeConverter<Duration> {
    /** Examples fitting each option's scale; an option not named here gets the stale limit's. */
    private static final Map<String, String> EXAMPLES = Map.of(
            "--throttle", "30s, 2m or 1h",
            "--since", "30m, 8h or 2d");
    private static final String DEFAULT_EXAMPLES = "90s, 10m or 1h";

    @Override
    public Duration convert(String value) {
        return Durations.parse(value).orElseThrow(() -> new NotADuration(value));
    }

    /** The error line's message for {@code option}'s value. */
    static String message(ArgSpec option, NotADuration e) {
        return name(option) + " is not a duration: '" + Printable.quote(e.value) + "'";
    }

    /** The hint: how to write a duration for {@code option}. */
    static String hint(ArgSpec option) {
        return "write it like " + EXAMPLES.getOrDefault(name(option), DEFAULT_EXAMPLES);
    }

    private static String name(ArgSpec arg) {
        return arg instanceof OptionSpec o ? o.longestName() : arg.paramLabel();
    }

    /** The text given for a duration is not one. */
    static final class NotADuration extends TypeConversionException {
        private static final long serialVersionUID = 1L;
        final String value;

        NotADuration(String value) {
            super("not a duration: '" + Printable.quote(value) + "'");
            this.value = value;
        }
    }
}

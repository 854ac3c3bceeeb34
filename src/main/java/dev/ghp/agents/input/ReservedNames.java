package dev.ghp.agents.input;

import dev.ghp.agents.errors.UsageException;
import dev.ghp.agents.model.Message;
import dev.ghp.agents.text.Printable;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;

/**
 * Names no agent or person may send as: the tool's own ({@link Message#TOOL}, the {@code [ghp-agents]}
 * of a hook's digest) and whatever renders like them. A message "from ghp" is read as the tool
 * speaking, so a sender must not be able to take that name, in any case, spacing or look-alike letters.
 */
public final class ReservedNames {
    /** What a reserved name reads as, once case, separators and look-alikes are set aside. */
    private static final Set<String> SKELETONS = Set.of("ghp", "ghpagents", "ghpagent", "ghptool");

    private ReservedNames() {
    }

    public static boolean isReserved(String name) {
        return name != null && SKELETONS.contains(skeleton(name));
    }

    /**
     * @return {@code name}, when it is not reserved
     * @throws UsageException (exit 2) naming the option or variable it came from
     */
    public static String require(String name, String what) {
        if (isReserved(name)) {
            throw new UsageException(what + " '" + Printable.quote(name) + "' is reserved: it reads as ghp-agents itself,"
                    + " which signs the notices it writes", "choose another name");
        }
        return name;
    }

    /**
     * The name as it reads: compatibility forms folded (full-width letters, ligatures), lower case,
     * the Cyrillic and Greek letters that look like g, h and p mapped to them, and everything that
     * is not a letter or digit (spaces, dots, dashes, brackets, invisible characters) dropped.
     */
    static String skeleton(String name) {
        String folded = Normalizer.normalize(name, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        StringBuilder b = new StringBuilder();
        folded.codePoints().forEach(c -> {
            int mapped = switch (c) {
                case 'ɡ', 'ց', 'ǥ', 'ɠ' -> 'g';
                case 'һ', 'ћ', 'հ', 'ħ', 'ɦ' -> 'h';
                case 'р', 'ρ', 'þ', 'ƿ' -> 'p';
                case 'а', 'α' -> 'a';
                case 'е', 'ε' -> 'e';
                case 'о', 'ο' -> 'o';
                case 'ѕ' -> 's';
                case 'т', 'τ' -> 't';
                case 'ո' -> 'n';
                default -> c;
            };
            if (Character.isLetterOrDigit(mapped)) {
                b.appendCodePoint(mapped);
            }
        });
        return b.toString();
    }
}

package dev.ghp.agents.github;

import dev.ghp.agents.model.Escalation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A reply comment that answers an escalation: its first line is {@code /answer TEXT},
 * {@code /approve [PATTERN…]}, {@code /deny [PATTERN…]} or {@code /award AGENT}, optionally with the
 * escalation's id after the command ({@code /answer esc-7f3a9c1d yes}) where several are open on the
 * issue. For {@code /answer} the text runs on over the following lines; after {@code /award} they
 * are the answer's words. Anything else is conversation, not a reply. The text is untrusted.
 *
 * @param escalationId the id named, or null
 * @param arguments    the patterns of /approve and /deny, the agent of /award; empty otherwise
 * @param text         the answer's words (/answer, and what follows an /award), or null
 */
public record GitHubReply(Verb verb, String escalationId, List<String> arguments, String text) {
    private static final Pattern FIRST = Pattern.compile("^/(answer|approve|deny|award)(?:[ \\t]+(.*))?$");
    private static final Pattern ID = Pattern.compile("esc-[0-9a-f]{4,32}");

    /** The commands, each for the escalation kinds it answers. */
    public enum Verb {
        ANSWER, APPROVE, DENY, AWARD;

        /** Whether this command answers an escalation of the kind (a wire kind; unknown kinds take /answer). */
        public boolean fits(Escalation e) {
            boolean approval = e.isKind(Escalation.Kind.APPROVAL);
            return switch (this) {
                case ANSWER -> !approval;
                case APPROVE, DENY -> approval;
                case AWARD -> e.isKind(Escalation.Kind.CONFLICT);
            };
        }

        public String word() {
            return "/" + name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public GitHubReply {
        arguments = List.copyOf(arguments);
    }

    /** The reply in the comment's body, or empty when its first line is no command (or lacks what it needs). */
    public static Optional<GitHubReply> parse(String body) {
        if (body == null) {
            return Optional.empty();
        }
        String b = body.replace("\r\n", "\n").strip();
        int nl = b.indexOf('\n');
        String first = (nl < 0 ? b : b.substring(0, nl)).strip();
        String rest = nl < 0 ? "" : b.substring(nl + 1).strip();
        Matcher m = FIRST.matcher(first);
        if (!m.matches()) {
            return Optional.empty();
        }
        Verb verb = Verb.valueOf(m.group(1).toUpperCase(java.util.Locale.ROOT));
        List<String> words = new ArrayList<>(m.group(2) == null ? List.of()
                : Arrays.stream(m.group(2).strip().split("[ \\t]+")).filter(w -> !w.isEmpty()).toList());
        String id = null;
        if (!words.isEmpty() && ID.matcher(words.get(0)).matches()) {
            id = words.remove(0);
        }
        return switch (verb) {
            case ANSWER -> {
                String text = (String.join(" ", words) + "\n" + rest).strip();
                yield text.isEmpty() ? Optional.empty() : Optional.of(new GitHubReply(verb, id, List.of(), text));
            }
            case APPROVE, DENY -> Optional.of(new GitHubReply(verb, id, words, rest.isEmpty() ? null : rest));
            case AWARD -> words.size() != 1 ? Optional.empty()
                    : Optional.of(new GitHubReply(verb, id, words, rest.isEmpty() ? null : rest));
        };
    }
}

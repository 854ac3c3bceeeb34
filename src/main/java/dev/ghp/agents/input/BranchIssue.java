package dev.ghp.agents.input;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The issue number in a GHP branch name ({@code user/147-title}), found with GHP's own patterns, in its order. */
public final class BranchIssue {
    private static final List<Pattern> PATTERNS = List.of(
            Pattern.compile("/(\\d+)-"),
            Pattern.compile("^(\\d+)-"),
            Pattern.compile("-(\\d+)-"),
            Pattern.compile("[/#](\\d+)$"));

    private BranchIssue() {
    }

    public static Optional<Integer> of(String branch) {
        if (branch == null) {
            return Optional.empty();
        }
        for (Pattern p : PATTERNS) {
            Matcher m = p.matcher(branch);
            if (m.find()) {
                String digits = m.group(1);
                if (digits.length() <= 9 && Integer.parseInt(digits) > 0) {
                    return Optional.of(Integer.parseInt(digits));
                }
            }
        }
        return Optional.empty();
    }
}

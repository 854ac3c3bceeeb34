package dev.ghp.agents.rules;

import dev.ghp.agents.text.Printable;

/**
 * One overlap between a pattern an agent asks for and a pattern another agent holds.
 *
 * @param mine    the pattern asked for, as written
 * @param theirs  the holder's pattern, as stored
 * @param example a path both cover
 */
record Overlap(String mine, String theirs, String example) {

    /** "src/** ∩ src/parser/**": the pair, as a conflict's subject names it. */
    String pair() {
        return mine + " ∩ " + theirs;
    }

    /** "src/** overlaps worker-1's src/parser/** (both cover src/parser/x)". */
    String describe(String holder) {
        return mine + " overlaps " + Printable.line(holder) + "'s " + theirs + " (both cover " + example + ")";
    }
}

package dev.ghp.agents.rules;

import java.util.List;

/** Whether two file scopes (lists of gitignore-style globs) claim a common file. */
@FunctionalInterface
public interface ScopeOverlap {

    /** The patterns of {@code a} that overlap some pattern of {@code b}; empty when the scopes are apart. */
    List<String> overlapping(List<String> a, List<String> b);

    /** Only identical patterns overlap: the conservative rule, used until pattern overlap is known. */
    ScopeOverlap EXACT = (a, b) -> a.stream().filter(b::contains).distinct().sorted().toList();
}

package dev.ghp.agents.rules;

import dev.ghp.agents.rules.scope.PatternOverlap;
import java.util.List;

/** Whether two file scopes (lists of gitignore-style globs) claim a common file. */
@FunctionalInterface
public interface ScopeOverlap {

    /** The patterns of {@code a} that overlap some pattern of {@code b}; empty when the scopes are apart. */
    List<String> overlapping(List<String> a, List<String> b);

    /** Only identical patterns overlap. */
    ScopeOverlap EXACT = (a, b) -> a.stream().filter(b::contains).distinct().sorted().toList();

    /** Patterns overlap when some path is covered by both, as the heartbeat decides it ({@link PatternOverlap}). */
    ScopeOverlap PATTERNS = PatternOverlap::overlapping;
}

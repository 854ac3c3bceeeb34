package dev.ghp.agents.cli;

/**
 * Marks a command whose help leaves out the table of exit codes that {@link Cli} adds to every
 * other command's: one that always exits 0 (a hook run), where the table would mislead.
 */
interface NoExitCodeTable {
}

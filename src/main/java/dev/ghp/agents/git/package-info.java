/**
 * The repository a command runs in: finding and opening it, JGit's process-wide setup, and the child
 * processes and variables of the calling command. Repository layer: may import {@code store}, {@code model} and
 * the leaves; imported by {@code input} and above.
 */
package dev.ghp.agents.git;

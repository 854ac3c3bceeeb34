/**
 * The coordination store: the record on {@code refs/ghp/coordination} (JGit ref implementation, in-memory one),
 * its history, pruning and write lock. Store layer: may import only {@code model} and the leaves; imported by
 * every layer above.
 */
package dev.ghp.agents.store;

/**
 * The program's entry: {@link dev.ghp.agents.Main} runs one command in a JVM of its own.
 * Top of the layer order (docs/architecture.md, "Layers"): it may import every package, and none imports it.
 */
package dev.ghp.agents;

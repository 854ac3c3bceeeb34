/**
 * The commands: one Picocli class per command, the shared base, the caller's context ({@code Environment},
 * {@code Io}) and the exit-code mapping. Commands layer: may import the integrations and everything below;
 * only the entry layer ({@code Main}, {@code daemon}, {@code perf}) imports it.
 */
package dev.ghp.agents.cli;

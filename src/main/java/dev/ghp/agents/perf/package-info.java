/**
 * Start-up speed: the class warm-up {@code Main} starts first, and the training run behind the build's class caches.
 * Entry layer: may import every layer below (the training run drives {@code cli}); only {@code Main} imports it.
 * The timings themselves ({@code Trace}) are a leaf, in {@code dev.ghp.agents.trace}.
 */
package dev.ghp.agents.perf;

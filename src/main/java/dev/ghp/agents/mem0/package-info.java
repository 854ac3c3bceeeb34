/**
 * The mem0 memory service: its settings and a bounded HTTP client.
 * Integrations layer: may import the layers below; imported only by {@code cli} and the entry layer.
 */
package dev.ghp.agents.mem0;

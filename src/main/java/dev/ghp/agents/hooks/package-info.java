/**
 * Agent integration: the hook scripts and settings installed for an agent, what a hook run is given, and the
 * briefing and commit guard a hook delivers. Integrations layer: may import {@code handoff} (same layer) and the
 * layers below; imported only by {@code cli} and the entry layer.
 */
package dev.ghp.agents.hooks;

/**
 * Handoffs: gathering an agent's branch, activity and issue into a document, writing it as Markdown and JSON,
 * and transferring the work to another agent. Integrations layer: may import {@code github} (same layer) and the
 * layers below; imported by {@code hooks}, {@code cli} and the entry layer.
 */
package dev.ghp.agents.handoff;

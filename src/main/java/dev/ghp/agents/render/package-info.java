/**
 * Output for people: the status table, the dashboard, the timeline chart, escalation lists and their styles.
 * Integrations layer: may import the layers below; imported only by {@code cli} and the entry layer.
 */
package dev.ghp.agents.render;

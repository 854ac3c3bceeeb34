/**
 * GitHub: the gateway to the REST API, the repository a clone points at, and mirroring escalations to issues.
 * Integrations layer: may import the layers below; imported by {@code handoff}, {@code cli} and the entry layer.
 */
package dev.ghp.agents.github;

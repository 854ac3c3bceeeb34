/**
 * The lead's page ({@code ghp agent-status --serve}): a loopback-only HTTP server with an access
 * token, the team rendered as HTML from agent-status's JSON, and server-sent events when the record
 * changes. Integrations layer: may import the layers below; imported only by {@code cli}. It reads
 * no record itself: the command hands it the state and the way to answer (docs/architecture.md).
 */
package dev.ghp.agents.web;

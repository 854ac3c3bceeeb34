/**
 * Sync of the coordination ref with a remote: fetch, merge (with {@code merge}), push, credentials and settings.
 * Integrations layer: may import the layers below; imported only by {@code cli} and the entry layer.
 */
package dev.ghp.agents.sync;

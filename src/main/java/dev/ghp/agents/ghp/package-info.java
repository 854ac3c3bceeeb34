/**
 * GHP, the other program called {@code ghp}: finding its executable, moving an issue through its pipeline
 * and reading the agents it started, always through its CLI and never writing its files.
 * Integrations layer: may import the layers below; imported only by {@code cli} and the entry layer.
 */
package dev.ghp.agents.ghp;

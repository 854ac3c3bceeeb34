/**
 * GHP, the other program called {@code ghp}: finding its executable and moving an issue through its pipeline.
 * Integrations layer: may import the layers below; imported only by {@code cli} and the entry layer.
 */
package dev.ghp.agents.ghp;

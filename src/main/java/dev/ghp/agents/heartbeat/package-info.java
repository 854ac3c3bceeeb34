/**
 * Recording a heartbeat: the one service that agent-heartbeat and the hook runs both record through, taking a
 * heartbeat already resolved from options or a hook event and applying the authority rules to the record through
 * the store. Integrations layer: imports the layers below (rules, input, repository, store, model) and no other
 * integration; imported by {@code cli}.
 */
package dev.ghp.agents.heartbeat;

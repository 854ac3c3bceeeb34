/**
 * Settings: the {@code agents} namespace of {@code .ghp/config.json}, history limits, and where secrets may go.
 * Repository layer: may import {@code store}, {@code model} and the leaves; imported by {@code input} and above.
 */
package dev.ghp.agents.config;

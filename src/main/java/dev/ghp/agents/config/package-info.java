/**
 * Settings: {@link dev.ghp.agents.config.Settings}, every setting typed and checked in one place, read
 * once per command from the {@code agents} namespace of {@code .ghp/config.json} and the caller's
 * environment; history limits; and where secrets may go.
 * Repository layer: may import {@code store}, {@code model} and the leaves; imported by {@code input} and above.
 */
package dev.ghp.agents.config;

/**
 * File scopes: gitignore-style patterns and whether two of them can cover a common path.
 * Part of the rules layer: may import the layers below {@code rules}; imported by {@code rules} and above.
 */
package dev.ghp.agents.rules.scope;

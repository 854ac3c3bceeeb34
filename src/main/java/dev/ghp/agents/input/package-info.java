/**
 * Who is calling and what they passed: the agent's identity and name, GHP's spawn context, the issue in a
 * branch name, and checks of command-line values (each refusal is one usage line). Input layer: may import
 * {@code config}, {@code git}, {@code store}, {@code model} and the leaves; imported by {@code rules} and above.
 */
package dev.ghp.agents.input;

/**
 * The typed exceptions commands throw and the exit codes they map to (0 ok ... 5 repository/state problem).
 * A leaf: importable from every layer; imports nothing of the project.
 */
package dev.ghp.agents.errors;

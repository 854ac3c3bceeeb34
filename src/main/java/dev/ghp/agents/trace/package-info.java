/**
 * {@code GHP_TRACE} timings of one process, marked anywhere (the store marks its write steps).
 * A leaf: importable from every layer; imports nothing of the project.
 */
package dev.ghp.agents.trace;

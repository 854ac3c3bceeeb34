/**
 * Text for terminals and people: neutralising untrusted text ({@code Printable}), terminal column widths, and
 * durations as people write them. A leaf: importable from every layer; imports only the other leaves.
 */
package dev.ghp.agents.text;

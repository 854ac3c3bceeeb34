/**
 * The merge engine of sync: the record's files at one commit ({@code RecordTree}), the three-way semantic merge,
 * claim conflicts, and what changed between two trees. Merge layer: may import {@code rules} and the layers below;
 * imported by {@code sync} and {@code cli}.
 */
package dev.ghp.agents.merge;

package dev.ghp.agents.sync;

import dev.ghp.agents.model.StatusCodec;
import dev.ghp.agents.merge.RecordTree;
import dev.ghp.agents.model.StorePaths;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A commit graph in memory, for merge tests without git: commits are numbered in creation order. */
final class MemoryHistory implements History<Integer> {
    record Commit(int id, List<Integer> parents, RecordTree tree, Instant time) {
    }

    private final List<Commit> commits = new ArrayList<>();

    int commit(List<Integer> parents, RecordTree tree, Instant time) {
        commits.add(new Commit(commits.size(), List.copyOf(parents), tree, time));
        return commits.size() - 1;
    }

    Commit get(int id) {
        return commits.get(id);
    }

    int size() {
        return commits.size();
    }

    @Override
    public RecordTree tree(Integer commit) {
        return commits.get(commit).tree();
    }

    Set<Integer> ancestors(Integer tip) {
        Set<Integer> seen = new HashSet<>();
        Deque<Integer> todo = new ArrayDeque<>(List.of(tip));
        while (!todo.isEmpty()) {
            int c = todo.pop();
            if (seen.add(c)) {
                todo.addAll(commits.get(c).parents());
            }
        }
        return seen;
    }

    boolean isAncestor(Integer maybeAncestor, Integer of) {
        return ancestors(of).contains(maybeAncestor);
    }

    @Override
    public List<Integer> mergeBases(Integer a, Integer b) {
        Set<Integer> common = new HashSet<>(ancestors(a));
        common.retainAll(ancestors(b));
        List<Integer> best = new ArrayList<>();
        for (Integer c : common) {
            boolean dominated = common.stream().anyMatch(d -> !d.equals(c) && ancestors(d).contains(c));
            if (!dominated) {
                best.add(c);
            }
        }
        best.sort(Integer::compare);
        return best;
    }

    @Override
    public java.util.Map<String, Instant> signOffs(List<Integer> tips, List<Integer> bases) {
        Set<Integer> range = new HashSet<>();
        tips.forEach(t -> range.addAll(ancestors(t)));
        bases.forEach(b -> range.removeAll(ancestors(b)));
        java.util.Map<String, Instant> newest = new java.util.HashMap<>();
        for (Integer c : range) {
            Commit commit = commits.get(c);
            if (commit.parents().size() != 1) {
                continue;
            }
            Set<String> after = agents(commit.tree());
            for (String name : agents(tree(commit.parents().get(0)))) {
                if (!after.contains(name)) {
                    newest.merge(name, commit.time(), (a, b) -> a.isAfter(b) ? a : b);
                }
            }
        }
        return newest;
    }

    private static Set<String> agents(RecordTree tree) {
        return tree.get(StorePaths.STATUS).map(f -> {
            try {
                return StatusCodec.parse(f.bytes()).agents().keySet();
            } catch (StatusCodec.FormatException e) {
                throw new AssertionError(e);
            }
        }).orElse(java.util.Collections.emptySortedSet());
    }
}

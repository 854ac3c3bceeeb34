package dev.ghp.agents.store;

import dev.ghp.agents.model.StatusDocument;
import dev.ghp.agents.model.StorePaths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A store held in memory: the same contract as {@link GitRefStore} without git, for the pure rules
 * and the command tests that do not care where the state lives.
 */
public final class InMemoryStore implements CoordinationStore {
    private TreeMap<String, byte[]> files = new TreeMap<>();
    private int version;

    @Override
    public synchronized Snapshot read() {
        return new MemorySnapshot(version, files);
    }

    @Override
    public synchronized <T> Decided<T> decide(Decision.Maker<T> maker) {
        Snapshot current = read();
        Decision<T> decision = maker.decide(current);
        return new Decided<>(write(current, decision.change()), decision.result());
    }

    private WriteResult write(Snapshot current, Change change) {
        if (change == null) {
            return new WriteResult(false, id(version), 1, current);
        }
        TreeMap<String, byte[]> next = new TreeMap<>(files);
        for (Map.Entry<String, Optional<byte[]>> edit : change.edits().entrySet()) {
            if (edit.getValue().isPresent()) {
                next.put(edit.getKey(), edit.getValue().get().clone());
            } else {
                next.remove(edit.getKey());
            }
        }
        if (sameContent(next, files)) {
            return new WriteResult(false, id(version), 1, current);
        }
        files = next;
        version++;
        return new WriteResult(true, id(version), 1, current);
    }

    private static boolean sameContent(TreeMap<String, byte[]> a, TreeMap<String, byte[]> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        return a.entrySet().stream().allMatch(e -> java.util.Arrays.equals(e.getValue(), b.get(e.getKey())));
    }

    private static String id(int version) {
        return version == 0 ? null : "memory-" + version;
    }

    private record MemorySnapshot(int version, TreeMap<String, byte[]> files) implements Snapshot {
        @Override
        public Optional<String> commitId() {
            return Optional.ofNullable(id(version));
        }

        @Override
        public StatusDocument status() {
            return StatusFile.decode(Optional.ofNullable(files.get(StorePaths.STATUS)));
        }

        @Override
        public Optional<byte[]> file(String path) {
            return Optional.ofNullable(files.get(path)).map(byte[]::clone);
        }

        @Override
        public List<String> list(String directory) {
            String prefix = directory.endsWith("/") ? directory : directory + "/";
            List<String> names = new ArrayList<>();
            for (String path : files.tailMap(prefix).keySet()) {
                if (!path.startsWith(prefix)) {
                    break;
                }
                String rest = path.substring(prefix.length());
                if (!rest.contains("/")) {
                    names.add(rest);
                }
            }
            return names;
        }

        @Override
        public List<String> directories(String directory) {
            String prefix = directory.endsWith("/") ? directory : directory + "/";
            java.util.SortedSet<String> names = new java.util.TreeSet<>();
            for (String path : files.tailMap(prefix).keySet()) {
                if (!path.startsWith(prefix)) {
                    break;
                }
                String rest = path.substring(prefix.length());
                if (rest.contains("/")) {
                    names.add(rest.substring(0, rest.indexOf('/')));
                }
            }
            return List.copyOf(names);
        }
    }
}

package dev.ghp.agents.merge;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/** The files of the coordination record at one point of its history (a commit, or a merge result), by path. */
public record RecordTree(SortedMap<String, FileContent> files) {
    public static final RecordTree EMPTY = new RecordTree(new TreeMap<>());

    public RecordTree {
        files = Collections.unmodifiableSortedMap(new TreeMap<>(files));
    }

    public static RecordTree of(Map<String, FileContent> files) {
        return new RecordTree(new TreeMap<>(files));
    }

    public Optional<FileContent> get(String path) {
        return Optional.ofNullable(files.get(path));
    }

    public RecordTree with(String path, FileContent content) {
        TreeMap<String, FileContent> next = new TreeMap<>(files);
        if (content == null) {
            next.remove(path);
        } else {
            next.put(path, content);
        }
        return new RecordTree(next);
    }

    public RecordTree with(String path, String text) {
        return with(path, FileContent.of(text.getBytes(StandardCharsets.UTF_8)));
    }

    public RecordTree without(String path) {
        return with(path, (FileContent) null);
    }

    /** Same paths with the same contents. */
    public boolean sameAs(RecordTree other) {
        return Objects.equals(files, other.files);
    }
}

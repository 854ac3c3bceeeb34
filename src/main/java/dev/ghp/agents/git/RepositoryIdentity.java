package dev.ghp.agents.git;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.jgit.lib.Repository;

/**
 * Proves that a path still holds the repository a kept {@link Repository} was opened on. JGit's
 * caches (loose objects it has seen, pack lists, refs) describe one repository; a repository
 * deleted and created again at the same path (a re-clone, a reused CI workspace) is another one,
 * and an inserter that believes the old one's objects exist skips writing them.
 *
 * <p>The identity is the file key (device and inode) of the git dir and of the objects dir, taken
 * when the repository was opened. A file key alone could come back: a deleted directory's inode
 * number is free to be reused by the next one created. So each directory is also kept open
 * (a directory stream), which keeps its inode allocated, deleted or not, for as long as the
 * repository is kept: a directory at that path with the same file key is the same directory.
 */
final class RepositoryIdentity implements Closeable {
    private final List<Pinned> dirs;

    private RepositoryIdentity(List<Pinned> dirs) {
        this.dirs = dirs;
    }

    /** The identity of the directories {@code repo} reads and writes; empty where the file system has no file keys. */
    static Optional<RepositoryIdentity> of(Repository repo) {
        List<Pinned> dirs = new ArrayList<>();
        try {
            Path gitDir = repo.getDirectory().toPath();
            dirs.add(Pinned.open(gitDir));
            dirs.add(Pinned.open(repo.getCommonDirectory().toPath().resolve("objects")));
            return Optional.of(new RepositoryIdentity(List.copyOf(dirs)));
        } catch (IOException | UnsupportedOperationException e) {
            dirs.forEach(Pinned::close);
            return Optional.empty();
        }
    }

    /** Whether every directory is still the one that was opened (same file key, still a directory). */
    boolean stillThere() {
        return dirs.stream().allMatch(Pinned::stillThere);
    }

    @Override
    public void close() {
        dirs.forEach(Pinned::close);
    }

    /** One directory, its file key and the open stream that keeps the key from being reused. */
    private record Pinned(Path path, Object fileKey, DirectoryStream<Path> open) {
        static Pinned open(Path dir) throws IOException {
            DirectoryStream<Path> stream = Files.newDirectoryStream(dir);
            Object key = keyOf(dir);
            if (key == null || !key.equals(keyOfOpen(stream, key))) {
                stream.close();
                throw new UnsupportedOperationException("no file key, or the directory changed while it was opened: " + dir);
            }
            return new Pinned(dir, key, stream);
        }

        boolean stillThere() {
            try {
                return Objects.equals(keyOf(path), fileKey);
            } catch (IOException e) {
                return false;
            }
        }

        void close() {
            try {
                open.close();
            } catch (IOException e) {
                // only a directory handle: nothing was written through it
            }
        }

        private static Object keyOf(Path dir) throws IOException {
            BasicFileAttributes attributes = Files.readAttributes(dir, BasicFileAttributes.class);
            return attributes.isDirectory() ? attributes.fileKey() : null;
        }

        /** The key of the directory the stream holds open, where the platform tells (Linux); else {@code byPath}. */
        private static Object keyOfOpen(DirectoryStream<Path> stream, Object byPath) throws IOException {
            if (stream instanceof SecureDirectoryStream<Path> secure) {
                return secure.getFileAttributeView(BasicFileAttributeView.class).readAttributes().fileKey();
            }
            return byPath;
        }
    }
}

package dev.ghp.agents.cli;

import dev.ghp.agents.errors.StateException;
import dev.ghp.agents.errors.UsageException;
import dev.ghp.agents.text.Printable;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The file {@code agent-handoff --out} names: checked before anything is stored, so that a bad {@code --out}
 * never leaves a stored document and an error, then replaced at once (a temporary file moved over
 * it), so that a reader never sees half a document.
 */
final class OutFile {
    private final Path path;

    private OutFile(Path path) {
        this.path = path;
    }

    /** {@code given} resolved against {@code start} and checked; null when {@code given} is. */
    static OutFile check(Path given, Path start) {
        if (given == null) {
            return null;
        }
        Path file = start.resolve(given).normalize();
        String shown = Printable.quote(given.toString());
        if (Files.isDirectory(file)) {
            throw new UsageException("--out " + shown + " is a directory", "name a file");
        }
        Path parent = file.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new UsageException("--out " + shown + ": the directory " + Printable.quote(String.valueOf(parent))
                    + " does not exist");
        }
        if (!Files.isWritable(parent) || (Files.exists(file) && !Files.isWritable(file))) {
            throw new UsageException("--out " + shown + " cannot be written");
        }
        return new OutFile(file);
    }

    Path path() {
        return path;
    }

    @Override
    public String toString() {
        return path.toString();
    }

    /** Writes {@code bytes}, the document stored as {@code storedAs} (named in the error, which is exit 5). */
    void write(byte[] bytes, String storedAs) {
        try {
            Path tmp = Files.createTempFile(path.getParent(), "." + path.getFileName(), ".tmp");
            try {
                Files.write(tmp, bytes);
                try {
                    Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            String m = e.getMessage();
            throw new StateException("the handoff is stored as " + storedAs + ", but " + path + " cannot be written: "
                    + (m == null || m.isBlank() ? e.getClass().getSimpleName() : Printable.quote(m)),
                    "read it with: ghp agent-handoff --show");
        }
    }
}

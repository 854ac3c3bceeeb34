package dev.ghp.agents.config;

import dev.ghp.agents.errors.StateException;
import dev.ghp.agents.errors.UsageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Reads a settings file without trusting what is at its path: a regular file only (a symlink to
 * one is fine), at most {@link #MAX_BYTES}. Any agent can commit {@code .ghp/config.json} as a
 * symlink to {@code /dev/zero} or make it a FIFO: read as they are, the first fills memory and the
 * second blocks every command for ever. Both are refused at once, before anything is opened,
 * as a bad file is (exit 2), so the commit guard fails closed on them (docs/authority.md).
 */
final class BoundedSettingsFile {
    /** Far above any real configuration (a few hundred bytes), far below what hurts to read. */
    static final int MAX_BYTES = 1 << 20;

    private BoundedSettingsFile() {
    }

    /**
     * The file's bytes; null when nothing is at the path (no file means defaults).
     *
     * @throws UsageException (exit 2) when it is not a regular file or larger than {@link #MAX_BYTES}
     * @throws StateException (exit 5) when a regular file cannot be read
     */
    static byte[] bytes(Path file) {
        BasicFileAttributes attributes;
        try {
            // stat follows the link and never opens, so a FIFO or a device is seen without blocking on it.
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new StateException("cannot read " + file + ": " + e.getMessage(), null, e);
        }
        if (!attributes.isRegularFile()) {
            throw new UsageException(file + " is not a regular file (" + kind(attributes) + "); settings are read "
                    + "from regular files only", "replace it with a JSON file, or remove it");
        }
        if (attributes.size() > MAX_BYTES) {
            throw new UsageException(file + " is larger than " + (MAX_BYTES >> 20) + " MiB (" + attributes.size()
                    + " bytes); settings files are read up to that size", "fix the file; GHP reads it too");
        }
        try (InputStream in = Files.newInputStream(file)) {
            // The size is checked again while reading: the file may have been replaced since the stat.
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw new UsageException(file + " is larger than " + (MAX_BYTES >> 20) + " MiB; settings files are "
                        + "read up to that size", "fix the file; GHP reads it too");
            }
            return bytes;
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new StateException("cannot read " + file + ": " + e.getMessage(), null, e);
        }
    }

    private static String kind(BasicFileAttributes a) {
        if (a.isDirectory()) {
            return "a directory";
        }
        return a.isOther() ? "a device, FIFO or socket" : "not a file";
    }
}

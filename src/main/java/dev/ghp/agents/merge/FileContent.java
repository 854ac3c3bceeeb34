package dev.ghp.agents.merge;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One file of the coordination tree, known by its git blob id; the bytes are read only when a rule
 * needs them. Two contents are equal when their ids are, exactly as in git.
 */
public final class FileContent {
    private final String id;
    private Supplier<byte[]> loader;
    private byte[] bytes;

    private FileContent(String id, byte[] bytes, Supplier<byte[]> loader) {
        this.id = id;
        this.bytes = bytes;
        this.loader = loader;
    }

    /** Content held in memory; its id is the git blob id of the bytes. */
    public static FileContent of(byte[] bytes) {
        byte[] copy = bytes.clone();
        return new FileContent(blobId(copy), copy, null);
    }

    /** Content whose bytes stay in the object database until asked for. */
    public static FileContent lazy(String blobId, Supplier<byte[]> loader) {
        return new FileContent(blobId, null, Objects.requireNonNull(loader));
    }

    public String id() {
        return id;
    }

    public synchronized byte[] bytes() {
        if (bytes == null) {
            bytes = loader.get();
            loader = null;
        }
        return bytes.clone();
    }

    /** The id git gives a blob of these bytes (SHA-1 of {@code "blob <size>\0"} and the bytes). */
    static String blobId(byte[] bytes) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(("blob " + bytes.length + "\0").getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(sha1.digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-1", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FileContent f && f.id.equals(id);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "blob " + id;
    }
}

package dev.ghp.agents.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;

/**
 * The daemon's files, in a directory only its user may enter ({@code $XDG_RUNTIME_DIR/ghp-agents},
 * else {@code /tmp/ghp-agents-$UID}; bin/ghp chooses). Per jar: the state file ({@code port token
 * pid proof}, which the launcher reads without forking: the token the launcher shows the daemon,
 * the proof the daemon shows the launcher before it is sent anything), a lock that one daemon
 * holds for its life, and the spawn marker by which concurrent first calls start one daemon, not
 * one each.
 */
final class StateDirectory {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_READ_WRITE = PosixFilePermissions.fromString("rw-------");

    private StateDirectory() {
    }

    static Path lockFile(Path stateFile) {
        return stateFile.resolveSibling(stateFile.getFileName() + ".lock");
    }

    static Path spawnMarker(Path stateFile) {
        return stateFile.resolveSibling(stateFile.getFileName() + ".spawn");
    }

    /**
     * Creates the directory owner-only, or checks that an existing one is ours and closed to
     * others: a directory someone else made could hand callers a port and token of theirs.
     */
    static void prepare(Path dir) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        }
        String owner = Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS).getName();
        if (!owner.equals(System.getProperty("user.name"))) {
            throw new IOException(dir + " belongs to " + owner + ", not to this user");
        }
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
        if (!OWNER_ONLY.containsAll(perms)) {
            throw new IOException(dir + " is open to other users (" + PosixFilePermissions.toString(perms) + ")");
        }
    }

    static byte[] newToken() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random).getBytes(StandardCharsets.US_ASCII);
    }

    /** Written whole under another name, then renamed: a reader sees the old state or the new, never part. */
    static void writeState(Path stateFile, int port, byte[] token, long pid, byte[] proof) throws IOException {
        Path tmp = stateFile.resolveSibling(stateFile.getFileName() + "." + pid + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE));
        Files.writeString(tmp, port + " " + new String(token, StandardCharsets.US_ASCII) + " " + pid + " "
                + new String(proof, StandardCharsets.US_ASCII) + "\n");
        try {
            Files.move(tmp, stateFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, stateFile, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Whether the state file still carries this daemon's token (another daemon may have replaced it). */
    static boolean namesUs(Path stateFile, byte[] token) {
        try {
            String[] fields = Files.readString(stateFile).trim().split(" ");
            return fields.length >= 2 && fields[1].equals(new String(token, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            return false;
        }
    }

    static void deleteIfOurs(Path stateFile, byte[] token) {
        if (token != null && namesUs(stateFile, token)) {
            deleteQuietly(stateFile);
        }
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // nothing to do: a stale file is ignored by the launcher
        }
    }
}

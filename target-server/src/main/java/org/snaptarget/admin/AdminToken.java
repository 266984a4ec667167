package org.snaptarget.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The bearer token that authorises admin requests: 32 random bytes from {@link SecureRandom},
 * written as 64 lower-case hex digits to {@code <dataDir>/admin.token} when the endpoint starts.
 *
 * <p>Invariants: the file is created with mode 0600 (the permission is an attribute of the
 * creation, never a later {@code chmod}, so no other user can open it in between) and replaced
 * atomically (a temporary file in the same directory, then a rename), so a client never reads a
 * half-written token. Whoever can read the file may administer the server; that is the whole
 * authorisation model of a loopback-only endpoint. {@link #matches} compares in time that does not
 * depend on where a presented token first differs.
 */
public final class AdminToken {

    /** The token file's name inside {@code dataDir}. */
    public static final String FILE_NAME = "admin.token";

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final int RANDOM_BYTES = 32;

    private final String value;
    private final Path file;

    private AdminToken(String value, Path file) {
        this.value = value;
        this.file = file;
    }

    /** Where the token of a server whose data directory is {@code dataDir} lives. */
    public static Path fileIn(Path dataDir) {
        return dataDir.resolve(FILE_NAME);
    }

    /**
     * Generates a fresh token and writes it to {@code <dataDir>/admin.token} (mode 0600), replacing
     * the token of an earlier run.
     *
     * @throws IOException when the directory is not writable or does not support POSIX permissions
     */
    public static AdminToken generate(Path dataDir) throws IOException {
        byte[] random = new byte[RANDOM_BYTES];
        new SecureRandom().nextBytes(random);
        String value = HexFormat.of().formatHex(random);
        Path file = fileIn(dataDir);
        FileAttribute<Set<PosixFilePermission>> mode = PosixFilePermissions.asFileAttribute(OWNER_ONLY);
        Path temp;
        try {
            temp = Files.createTempFile(dataDir, ".admin.token", ".tmp", mode);
        } catch (UnsupportedOperationException e) {
            throw new IOException("cannot create " + file + " with mode 0600: the file system of " + dataDir
                    + " has no POSIX permissions", e);
        }
        try {
            Files.writeString(temp, value + "\n", StandardCharsets.US_ASCII);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
        return new AdminToken(value, file);
    }

    /**
     * Reads the token a running server wrote (the client side).
     *
     * @throws NoSuchFileException when there is no token file (the server never ran with this data directory)
     * @throws IOException         when it cannot be read or does not hold a token
     */
    public static String read(Path dataDir) throws IOException {
        Path file = fileIn(dataDir);
        String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        if (text.isEmpty() || !text.chars().allMatch(c -> c > ' ' && c < 127)) {
            throw new IOException(file + " does not hold an admin token");
        }
        return text;
    }

    /**
     * Whether an {@code Authorization} header value carries this token as {@code Bearer <token>}
     * (RFC 6750 §2.1; the scheme name is case-insensitive, RFC 7235 §2.1).
     */
    public boolean authorises(String authorizationHeader) {
        if (authorizationHeader == null) {
            return false;
        }
        String header = authorizationHeader.strip();
        int space = header.indexOf(' ');
        if (space < 0 || !header.substring(0, space).toLowerCase(Locale.ROOT).equals("bearer")) {
            return false;
        }
        return matches(header.substring(space + 1).strip());
    }

    /** Constant-time comparison: the time taken depends only on the length of the real token. */
    public boolean matches(String presented) {
        Objects.requireNonNull(presented, "presented");
        return MessageDigest.isEqual(value.getBytes(StandardCharsets.US_ASCII),
                presented.getBytes(StandardCharsets.US_ASCII));
    }

    /** The token file. */
    public Path file() {
        return file;
    }

    /** Removes the token file if it still holds this token (a later run may have replaced it). */
    public void delete() throws IOException {
        try {
            if (matches(Files.readString(file, StandardCharsets.US_ASCII).strip())) {
                Files.deleteIfExists(file);
            }
        } catch (NoSuchFileException e) {
            // already gone
        }
    }

    /** Never the secret itself. */
    @Override
    public String toString() {
        return "AdminToken[" + file + "]";
    }
}

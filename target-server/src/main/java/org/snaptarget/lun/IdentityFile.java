package org.snaptarget.lun;

import java.io.IOException;
import java.io.StringReader;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Properties;

import org.snaptarget.scsi.DeviceIdentity;

/**
 * The persisted identity of a file-backed LU: {@code <file>.id}, a small properties text file
 * <pre>
 * # SnapTarget LU identity; never edit: initiators recognise the disk by it
 * naa=5d7a06xxxxxxxxxx
 * serial=5d7a06xxxxxxxxxx
 * </pre>
 * Created once, atomically (written to a temporary file, fsynced, renamed over, directory fsynced),
 * so a crash leaves either no identity file or a complete one. An existing file is only read; a
 * malformed one is an error naming the file and the problem, never silently replaced — a new
 * identity would make ESXi and Windows treat the disk as a different one.
 */
final class IdentityFile {

    private IdentityFile() {
    }

    static Path pathFor(Path deviceFile) {
        return deviceFile.resolveSibling(deviceFile.getFileName() + ".id");
    }

    static DeviceIdentity loadOrCreate(Path idFile, SecureRandom random) throws IOException {
        try {
            return load(idFile);
        } catch (NoSuchFileException e) {
            DeviceIdentity id = DeviceIdentity.generate(random);
            store(idFile, id);
            return id;
        }
    }

    static DeviceIdentity load(Path idFile) throws IOException {
        String text = Files.readString(idFile, StandardCharsets.US_ASCII);
        Properties p = new Properties();
        p.load(new StringReader(text));
        String naa = p.getProperty("naa");
        String serial = p.getProperty("serial");
        if (naa == null || serial == null) {
            throw new IOException(idFile + ": malformed identity file: needs both naa= and serial=");
        }
        if (!naa.matches("[0-9a-fA-F]{16}")) {
            throw new IOException(idFile + ": malformed identity file: naa must be 16 hex digits, is '" + naa + "'");
        }
        try {
            return new DeviceIdentity(Long.parseUnsignedLong(naa, 16), serial);
        } catch (IllegalArgumentException e) {
            throw new IOException(idFile + ": malformed identity file: " + e.getMessage(), e);
        }
    }

    static void store(Path idFile, DeviceIdentity id) throws IOException {
        String text = "# SnapTarget LU identity; never edit: initiators recognise the disk by it\n"
                + "naa=" + id.naaHex() + "\n"
                + "serial=" + id.serial() + "\n";
        Path dir = idFile.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, idFile.getFileName().toString(), ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)));
                ch.force(true);
            }
            try {
                Files.move(tmp, idFile, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, idFile, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException ignored) {
            // Some file systems cannot open a directory for fsync; the rename is still atomic.
        }
    }
}

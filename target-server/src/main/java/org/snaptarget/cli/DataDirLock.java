package org.snaptarget.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on {@code <dataDir>/snaptarget.lock} ({@code fcntl}/{@code flock} through
 * {@link FileChannel#tryLock()}): {@code serve} holds it for as long as it runs, and {@code fsck}
 * takes it before opening a pool, so an offline check never reads stores a live server is writing.
 * The kernel drops the lock when the process dies, so a crash leaves no stale lock behind; the
 * file itself stays and records the holder's process id for the message of whoever is refused.
 */
public final class DataDirLock implements AutoCloseable {

    public static final String FILE_NAME = "snaptarget.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of {@code dataDir} (created if absent) without waiting.
     *
     * @param what says what this process is, e.g. {@code "serve"}, recorded in the file
     * @throws ClientFailure {@link ExitCodes#SERVER_RUNNING} naming the holder when another process
     *                       (or this one) holds it
     * @throws IOException   when the file cannot be created or locked at all
     */
    public static DataDirLock acquire(Path dataDir, String what) throws IOException, ClientFailure {
        Files.createDirectories(dataDir);
        Path file = dataDir.resolve(FILE_NAME);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            String holder = holder(channel);
            channel.close();
            throw new ClientFailure(ExitCodes.SERVER_RUNNING, "the data directory " + dataDir + " is in use"
                    + (holder.isEmpty() ? "" : " by " + holder) + " (lock " + file + ")");
        }
        channel.truncate(0);
        channel.write(ByteBuffer.wrap((what + " pid " + ProcessHandle.current().pid() + "\n")
                .getBytes(StandardCharsets.UTF_8)), 0);
        return new DataDirLock(channel, lock);
    }

    private static String holder(FileChannel channel) {
        try {
            ByteBuffer buf = ByteBuffer.allocate(128);
            channel.read(buf, 0);
            return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}

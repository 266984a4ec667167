package org.snaptarget.store.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;

/**
 * {@link StoreFileSystem} over {@link FileChannel}: positional I/O, {@code force(false)} as the barrier.
 * The read-only variant opens files {@code O_RDONLY} (the offline checker): creating, writing,
 * resizing and forcing then fail with an {@link IOException} saying so.
 */
final class LocalFileSystem implements StoreFileSystem {

    static final LocalFileSystem INSTANCE = new LocalFileSystem(false);
    static final LocalFileSystem READ_ONLY = new LocalFileSystem(true);

    private final boolean readOnly;

    private LocalFileSystem(boolean readOnly) {
        this.readOnly = readOnly;
    }

    @Override
    public StoreFile open(Path path, boolean create) throws IOException {
        if (readOnly) {
            if (create && !Files.exists(path)) {
                throw new IOException(path + " does not exist, and a read-only file system creates nothing");
            }
            return new ChannelFile(path, FileChannel.open(path, StandardOpenOption.READ), true);
        }
        var options = EnumSet.of(StandardOpenOption.READ, StandardOpenOption.WRITE);
        if (create) {
            options.add(StandardOpenOption.CREATE);
        }
        return new ChannelFile(path, FileChannel.open(path, options), false);
    }

    @Override
    public boolean exists(Path path) {
        return Files.exists(path);
    }

    private record ChannelFile(Path path, FileChannel channel, boolean readOnly) implements StoreFile {

        @Override
        public void read(ByteBuffer dst, long position) throws IOException {
            long pos = position;
            while (dst.hasRemaining()) {
                int n = channel.read(dst, pos);
                if (n < 0) {
                    while (dst.hasRemaining()) {
                        dst.put((byte) 0);
                    }
                    return;
                }
                pos += n;
            }
        }

        @Override
        public void write(ByteBuffer src, long position) throws IOException {
            refuseIfReadOnly("write");
            long pos = position;
            while (src.hasRemaining()) {
                pos += channel.write(src, pos);
            }
        }

        @Override
        public void force() throws IOException {
            refuseIfReadOnly("flush");
            channel.force(false);
        }

        @Override
        public long size() throws IOException {
            return channel.size();
        }

        @Override
        public void setSize(long size) throws IOException {
            refuseIfReadOnly("resize");
            long current = channel.size();
            if (size < current) {
                channel.truncate(size);
            } else if (size > current) {
                channel.write(ByteBuffer.allocate(1), size - 1);
            }
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }

        private void refuseIfReadOnly(String what) throws IOException {
            if (readOnly) {
                throw new IOException("cannot " + what + " " + path + ": opened read-only");
            }
        }
    }
}

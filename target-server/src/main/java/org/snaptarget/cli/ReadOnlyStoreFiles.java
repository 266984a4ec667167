package org.snaptarget.cli;

import org.snaptarget.store.io.StoreFile;
import org.snaptarget.store.io.StoreFileSystem;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A {@link StoreFileSystem} that opens files for reading only ({@code O_RDONLY}), for the offline
 * checker: whatever the engine attempts, the pool's files cannot change. Creating a file, writing,
 * resizing and forcing fail with an {@link IOException} saying so; a read past the end yields
 * zeros, as the engine's contract asks.
 */
final class ReadOnlyStoreFiles implements StoreFileSystem {

    @Override
    public StoreFile open(Path path, boolean create) throws IOException {
        if (create && !Files.exists(path)) {
            throw new IOException(path + " does not exist and the checker creates nothing");
        }
        return new ReadOnlyFile(path, FileChannel.open(path, StandardOpenOption.READ));
    }

    @Override
    public boolean exists(Path path) {
        return Files.exists(path);
    }

    private record ReadOnlyFile(Path path, FileChannel channel) implements StoreFile {

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
            throw refused("write");
        }

        @Override
        public void force() throws IOException {
            throw refused("flush");
        }

        @Override
        public long size() throws IOException {
            return channel.size();
        }

        @Override
        public void setSize(long size) throws IOException {
            throw refused("resize");
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }

        private IOException refused(String what) {
            return new IOException("cannot " + what + " " + path + ": opened read-only for checking");
        }
    }
}

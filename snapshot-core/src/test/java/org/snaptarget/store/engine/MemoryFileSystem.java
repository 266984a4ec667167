package org.snaptarget.store.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.snaptarget.store.io.StoreFile;
import org.snaptarget.store.io.StoreFileSystem;

/** A fast in-memory file system for engine tests that measure structure, not durability (force is free). */
class MemoryFileSystem implements StoreFileSystem {

    private final Map<Path, byte[][]> files = new HashMap<>();
    private static final int PAGE = 1 << 16;

    @Override
    public synchronized StoreFile open(Path path, boolean create) throws IOException {
        if (!files.containsKey(path)) {
            if (!create) {
                throw new IOException("no file " + path);
            }
            files.put(path, new byte[0][]);
        }
        return new MemoryFile(path);
    }

    @Override
    public synchronized boolean exists(Path path) {
        return files.containsKey(path);
    }

    private final class MemoryFile implements StoreFile {
        private final Path path;
        private long size;

        MemoryFile(Path path) {
            this.path = path;
        }

        private byte[] page(long index, boolean create) {
            synchronized (MemoryFileSystem.this) {
                byte[][] pages = files.get(path);
                if (index >= pages.length) {
                    if (!create) {
                        return null;
                    }
                    pages = java.util.Arrays.copyOf(pages, (int) Math.max(index + 1, pages.length * 2L));
                    files.put(path, pages);
                }
                if (pages[(int) index] == null && create) {
                    pages[(int) index] = new byte[PAGE];
                }
                return pages[(int) index];
            }
        }

        @Override
        public void read(ByteBuffer dst, long position) {
            long pos = position;
            while (dst.hasRemaining()) {
                int in = (int) (pos % PAGE);
                int n = Math.min(PAGE - in, dst.remaining());
                byte[] p = page(pos / PAGE, false);
                if (p == null) {
                    dst.put(new byte[n]);
                } else {
                    dst.put(p, in, n);
                }
                pos += n;
            }
        }

        @Override
        public void write(ByteBuffer src, long position) {
            long pos = position;
            while (src.hasRemaining()) {
                int in = (int) (pos % PAGE);
                int n = Math.min(PAGE - in, src.remaining());
                src.get(page(pos / PAGE, true), in, n);
                pos += n;
            }
            size = Math.max(size, pos);
        }

        @Override
        public void force() {
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public void setSize(long size) {
            this.size = size;
        }

        @Override
        public void close() {
        }
    }
}

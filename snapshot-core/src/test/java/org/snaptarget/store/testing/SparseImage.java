package org.snaptarget.store.testing;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The bytes of one in-memory file, kept as 4 KiB pages allocated on first write; unwritten
 * bytes read as zeros. Not thread-safe (its owner serialises access).
 */
final class SparseImage {

    static final int PAGE = 4096;

    private final Map<Long, byte[]> pages;

    SparseImage() {
        this.pages = new HashMap<>();
    }

    private SparseImage(Map<Long, byte[]> pages) {
        this.pages = pages;
    }

    SparseImage copy() {
        Map<Long, byte[]> copy = new HashMap<>(pages.size() * 2);
        pages.forEach((k, v) -> copy.put(k, v.clone()));
        return new SparseImage(copy);
    }

    void read(long position, byte[] out) {
        int done = 0;
        while (done < out.length) {
            long pos = position + done;
            long pageNo = pos / PAGE;
            int inPage = (int) (pos % PAGE);
            int n = Math.min(out.length - done, PAGE - inPage);
            byte[] page = pages.get(pageNo);
            if (page == null) {
                java.util.Arrays.fill(out, done, done + n, (byte) 0);
            } else {
                System.arraycopy(page, inPage, out, done, n);
            }
            done += n;
        }
    }

    void write(long position, byte[] data) {
        int done = 0;
        while (done < data.length) {
            long pos = position + done;
            long pageNo = pos / PAGE;
            int inPage = (int) (pos % PAGE);
            int n = Math.min(data.length - done, PAGE - inPage);
            byte[] page = pages.computeIfAbsent(pageNo, k -> new byte[PAGE]);
            System.arraycopy(data, done, page, inPage, n);
            done += n;
        }
    }

    /** Forgets every byte at or past {@code size}. */
    void truncate(long size) {
        for (Iterator<Map.Entry<Long, byte[]>> it = pages.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, byte[]> e = it.next();
            long start = e.getKey() * PAGE;
            if (start >= size) {
                it.remove();
            } else if (start + PAGE > size) {
                java.util.Arrays.fill(e.getValue(), (int) (size - start), PAGE, (byte) 0);
            }
        }
    }
}

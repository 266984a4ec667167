package org.snaptarget.store.format;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * Salted CRC32C (FORMAT.md, "Checksums"): the CRC32C (Castagnoli) of a byte range, XORed with a
 * salt that names the kind of block, so a valid block of one kind never passes as another.
 */
public final class Checksums {

    private Checksums() {
    }

    /** CRC32C of {@code buf[from, to)} XOR {@code salt}; the buffer's position is untouched. */
    public static int salted(ByteBuffer buf, int from, int to, int salt) {
        var crc = new CRC32C();
        crc.update(buf.duplicate().limit(to).position(from));
        return (int) crc.getValue() ^ salt;
    }
}

package org.snaptarget.store.engine;

import static org.snaptarget.store.format.FormatConstants.*;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.snaptarget.store.StoreException;

/**
 * One snapshot's metadata as persisted in the snapshot table (FORMAT.md, "Snapshot record").
 * The newest record for an id wins.
 *
 * @param id            the snapshot's id (IdScheme)
 * @param parentId      its parent's id (the origin's for a snapshot of the origin)
 * @param name          unique among live snapshots
 * @param parentName    the parent's name when it was taken, or null for the origin
 * @param createdMillis creation time, milliseconds since the epoch
 * @param readOnly      writes refused
 * @param deleted       deleted; its entries wait for the sweep
 * @param nextChild     lower bound of the number its next snapshot gets
 */
record SnapshotRecord(long id, long parentId, String name, String parentName, long createdMillis, boolean readOnly,
                      boolean deleted, int nextChild) {

    byte[] encode() {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        byte[] p = parentName == null ? new byte[0] : parentName.getBytes(StandardCharsets.UTF_8);
        int len = REC_FIXED_LENGTH + n.length + 1 + p.length;
        var b = ByteBuffer.allocate(len);
        b.putShort(REC_LENGTH_OFFSET, (short) len);
        b.putLong(REC_ID_OFFSET, id);
        b.putLong(REC_PARENT_OFFSET, parentId);
        b.putLong(REC_CREATED_OFFSET, createdMillis);
        b.putInt(REC_NEXT_CHILD_OFFSET, nextChild);
        b.put(REC_FLAGS_OFFSET, (byte) ((readOnly ? REC_FLAG_READ_ONLY : 0) | (deleted ? REC_FLAG_DELETED : 0)));
        b.put(REC_NAME_LENGTH_OFFSET, (byte) n.length);
        b.put(REC_FIXED_LENGTH, n);
        b.put(REC_FIXED_LENGTH + n.length, (byte) p.length);
        b.put(REC_FIXED_LENGTH + n.length + 1, p);
        return b.array();
    }

    /** Decodes the record at {@code at} in a table node read from {@code block}. */
    static SnapshotRecord decode(ByteBuffer b, int at, int limit, long block) {
        if (at + REC_FIXED_LENGTH > limit) {
            throw new StoreException.Corruption(block, "snapshot record at byte " + at, "fits in node", "truncated");
        }
        int len = b.getShort(at + REC_LENGTH_OFFSET) & 0xFFFF;
        int nameLen = b.get(at + REC_NAME_LENGTH_OFFSET) & 0xFF;
        if (len < REC_FIXED_LENGTH + nameLen + 1 || at + len > limit) {
            throw new StoreException.Corruption(block, "snapshot record length at byte " + at,
                    (REC_FIXED_LENGTH + nameLen + 1) + ".." + (limit - at), len);
        }
        int parentLen = b.get(at + REC_FIXED_LENGTH + nameLen) & 0xFF;
        if (REC_FIXED_LENGTH + nameLen + 1 + parentLen != len) {
            throw new StoreException.Corruption(block, "snapshot record length at byte " + at,
                    REC_FIXED_LENGTH + nameLen + 1 + parentLen, len);
        }
        int flags = b.get(at + REC_FLAGS_OFFSET) & 0xFF;
        if ((flags & ~REC_FLAGS_KNOWN) != 0) {
            throw new StoreException.Corruption(block, "snapshot record flags at byte " + at, "subset of " + REC_FLAGS_KNOWN, flags);
        }
        String name = string(b, at + REC_FIXED_LENGTH, nameLen);
        String parent = parentLen == 0 ? null : string(b, at + REC_FIXED_LENGTH + nameLen + 1, parentLen);
        return new SnapshotRecord(b.getLong(at + REC_ID_OFFSET), b.getLong(at + REC_PARENT_OFFSET), name, parent,
                b.getLong(at + REC_CREATED_OFFSET), (flags & REC_FLAG_READ_ONLY) != 0, (flags & REC_FLAG_DELETED) != 0,
                b.getInt(at + REC_NEXT_CHILD_OFFSET));
    }

    int encodedLength() {
        return REC_FIXED_LENGTH + name.getBytes(StandardCharsets.UTF_8).length + 1
                + (parentName == null ? 0 : parentName.getBytes(StandardCharsets.UTF_8).length);
    }

    private static String string(ByteBuffer b, int at, int len) {
        byte[] bytes = new byte[len];
        b.get(at, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}

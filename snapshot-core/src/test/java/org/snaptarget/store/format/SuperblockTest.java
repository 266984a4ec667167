package org.snaptarget.store.format;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.snaptarget.store.StoreException;

class SuperblockTest {

    static Superblock sample(long generation) {
        return new Superblock(generation, 65536, 1 << 30, 1L << 31, 77, 1234, 88, 9, 3, FormatConstants.SWEEP_ACTIVE, 5, 6, 1700000000000L);
    }

    @Test
    void encodeDecodeRoundTrips() {
        var sb = sample(42);
        assertEquals(sb, Superblock.decode(sb.encode(), 0));
    }

    @Test
    void everySingleByteFlipOfTheCoveredRangeIsDetected() {
        ByteBuffer good = sample(42).encode();
        for (int i = 0; i < FormatConstants.SB_LENGTH; i++) {
            ByteBuffer bad = ByteBuffer.allocate(FormatConstants.SB_LENGTH).put(good.duplicate().clear()).clear();
            bad.put(i, (byte) (bad.get(i) ^ 0x10));
            int at = i;
            assertThrows(StoreException.Corruption.class, () -> Superblock.decode(bad, 1), "flip at byte " + at);
        }
    }

    @Test
    void corruptionNamesTheBlockTheFieldAndBothValues() {
        ByteBuffer bad = sample(1).encode();
        bad.putInt(FormatConstants.SB_CHECKSUM_OFFSET, 0xDEADBEEF);
        var e = assertThrows(StoreException.Corruption.class, () -> Superblock.decode(bad, 1));
        assertEquals(1, e.block());
        assertTrue(e.getMessage().contains("superblock checksum"), e.getMessage());
        assertTrue(e.getMessage().contains("0xdeadbeef"), e.getMessage());
        ByteBuffer newer = sample(1).encode();
        newer.putInt(FormatConstants.SB_VERSION_OFFSET, 2);
        newer.putInt(FormatConstants.SB_CHECKSUM_OFFSET,
                Checksums.salted(newer, FormatConstants.SB_MAGIC_OFFSET, FormatConstants.SB_LENGTH, FormatConstants.SALT_SUPERBLOCK));
        var v = assertThrows(StoreException.Corruption.class, () -> Superblock.decode(newer, 0));
        assertTrue(v.getMessage().contains("format version expected 1, found 2"), v.getMessage());
    }

    @Test
    void aNodeChecksumIsSaltedByNodeTypeSoALeafNeverPassesAsABranch() {
        ByteBuffer block = ByteBuffer.allocate(FormatConstants.BLOCK_SIZE);
        new NodeHeader(FormatConstants.NODE_TYPE_LEAF, 0, 0, 9, 3, 0).writeAndSeal(block);
        assertEquals(9, NodeHeader.verify(block, 9, FormatConstants.NODE_TYPE_LEAF, 3).block());
        block.put(FormatConstants.NODE_TYPE_OFFSET, (byte) FormatConstants.NODE_TYPE_BRANCH);
        var e = assertThrows(StoreException.Corruption.class, () -> NodeHeader.verify(block, 9, FormatConstants.NODE_TYPE_BRANCH, 3));
        assertTrue(e.getMessage().contains("node checksum"), e.getMessage());
        block.put(FormatConstants.NODE_TYPE_OFFSET, (byte) FormatConstants.NODE_TYPE_LEAF);
        var misdirected = assertThrows(StoreException.Corruption.class, () -> NodeHeader.verify(block, 10, FormatConstants.NODE_TYPE_LEAF, 3));
        assertTrue(misdirected.getMessage().contains("node block number expected 10, found 9"), misdirected.getMessage());
        var future = assertThrows(StoreException.Corruption.class, () -> NodeHeader.verify(block, 9, FormatConstants.NODE_TYPE_LEAF, 2));
        assertTrue(future.getMessage().contains("generation"), future.getMessage());
    }
}

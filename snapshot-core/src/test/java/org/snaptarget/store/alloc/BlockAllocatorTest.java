package org.snaptarget.store.alloc;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashSet;
import org.junit.jupiter.api.Test;
import org.snaptarget.store.StoreException;

class BlockAllocatorTest {

    @Test
    void aBlockFreedInATransactionIsNotReusedUntilThatTransactionIsDurable() {
        var a = new BlockAllocator(64, 1);
        var taken = new HashSet<Long>();
        for (int i = 0; i < 64 - a.reserveBlocks(); i++) {
            taken.add(a.allocateChunk());
        }
        assertThrows(StoreException.StoreFull.class, a::allocateChunk);
        long victim = taken.iterator().next();
        a.freeLater(victim, 1, 5);
        assertTrue(a.isUsed(victim));
        assertThrows(StoreException.StoreFull.class, a::allocateChunk, "deferred free is not free yet");
        a.releaseThrough(4);
        assertTrue(a.isUsed(victim), "an older commit does not release it");
        assertThrows(StoreException.StoreFull.class, a::allocateChunk);
        a.releaseThrough(5);
        assertFalse(a.isUsed(victim));
        assertEquals(0, a.deferredBlocks());
        a.allocateChunk();
        assertEquals(a.reserveBlocks(), a.freeBlocks());
    }

    @Test
    void theMetadataReserveIsOnlyForDeletionsAndTheSweep() {
        var a = new BlockAllocator(64, 1);
        while (a.canAllocate(1, false)) {
            a.allocateBlock(false);
        }
        assertEquals(a.reserveBlocks(), a.freeBlocks());
        assertThrows(StoreException.StoreFull.class, () -> a.allocateBlock(false));
        assertThrows(StoreException.StoreFull.class, a::allocateChunk);
        for (long i = 0; i < a.reserveBlocks(); i++) {
            a.allocateBlock(true);
        }
        assertEquals(0, a.freeBlocks());
        assertThrows(StoreException.StoreFull.class, () -> a.allocateBlock(true));
    }

    @Test
    void dataChunksAreWholeAlignedGroupsAndMetadataPacksIntoPartialGroups() {
        var a = new BlockAllocator(16 * 20, 16);
        long meta1 = a.allocateBlock(false);
        long chunk = a.allocateChunk();
        long meta2 = a.allocateBlock(false);
        assertEquals(meta1 / 16, meta2 / 16, "metadata blocks share a group");
        assertNotEquals(meta1 / 16, chunk);
        for (long b = chunk * 16; b < chunk * 16 + 16; b++) {
            assertTrue(a.isUsed(b));
        }
        assertEquals(18, a.freeChunks());
        a.freeNow(meta1, 1);
        a.freeNow(meta2, 1);
        assertEquals(19, a.freeChunks(), "a group whose metadata is all freed is a free chunk again");
    }

    @Test
    void rebuildingDetectsADoubleReference() {
        var a = new BlockAllocator(64, 4);
        assertTrue(a.markUsed(0));
        assertFalse(a.markUsed(0));
        assertTrue(a.markChunkUsed(3));
        assertFalse(a.markChunkUsed(3));
        assertFalse(a.markChunkUsed(0), "chunk 0 holds block 0 already");
        assertFalse(a.markChunkUsed(16), "outside the store");
    }
}

package org.snaptarget.lun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.snaptarget.scsi.DeviceIdentity;
import org.snaptarget.scsi.SpaceExhaustedException;
import org.snaptarget.store.StoreException;
import org.snaptarget.store.Volume;

/** How each store failure reaches the SCSI layer (see StoreBlockDevice's class comment). */
class StoreFailureMappingTest {

    /** A volume that fails every access with the exception it is given, and may turn read-only. */
    static final class FailingVolume implements Volume {
        StoreException failure;
        boolean readOnly;

        @Override
        public String name() {
            return "v";
        }

        @Override
        public boolean isOrigin() {
            return true;
        }

        @Override
        public long size() {
            return 1 << 20;
        }

        @Override
        public boolean readOnly() {
            return readOnly;
        }

        @Override
        public void read(long offset, ByteBuffer dst) {
            throw failure;
        }

        @Override
        public void write(long offset, ByteBuffer src) {
            throw failure;
        }

        @Override
        public void flush() {
            throw failure;
        }

        @Override
        public void unmap(long offset, long length) {
            throw failure;
        }
    }

    final FailingVolume volume = new FailingVolume();
    final AtomicInteger changes = new AtomicInteger();
    final StoreBlockDevice device = new StoreBlockDevice(volume, false, new DeviceIdentity(0x5d7a060000000003L, "v"),
            null, new SnapshotBarrier(), 65536, changes::incrementAndGet);

    @Test
    void aFullStoreIsSpaceExhaustedForWritesAndUnmaps() {
        volume.failure = new StoreException.StoreFull("no free chunk");
        assertInstanceOf(SpaceExhaustedException.class, assertThrows(IOException.class,
                () -> device.write(0, ByteBuffer.allocate(512), false)));
        assertInstanceOf(SpaceExhaustedException.class, assertThrows(IOException.class, () -> device.unmap(0, 512)));
        assertEquals(2, changes.get(), "usage is re-sampled after failed changes too");
    }

    @Test
    void corruptionReadOnlyPoolsAndDeviceErrorsAreMediumErrorsCarryingTheCause() {
        for (StoreException e : new StoreException[] {new StoreException.Corruption(7, "crc", 1, 2),
                new StoreException.ReadOnly("pool is read-only"), new StoreException.DeviceError("EIO", new IOException()),
                new StoreException.NotFound("gone")}) {
            volume.failure = e;
            IOException read = assertThrows(IOException.class, () -> device.read(0, ByteBuffer.allocate(512)));
            assertFalse(read instanceof SpaceExhaustedException);
            assertEquals(e, read.getCause());
            assertTrue(read.getMessage().contains("v: read at byte 0"), read.getMessage());
            IOException write = assertThrows(IOException.class, () -> device.write(512, ByteBuffer.allocate(512), true));
            assertFalse(write instanceof SpaceExhaustedException);
            assertEquals(e, write.getCause());
        }
    }

    @Test
    void aPoolTurnedReadOnlyMakesTheLuWriteProtected() {
        assertFalse(device.readOnly());
        volume.readOnly = true;
        assertTrue(device.readOnly(), "later writes get DATA PROTECT / WRITE PROTECTED from the SCSI layer");
        assertThrows(IOException.class, () -> device.write(0, ByteBuffer.allocate(512), false));
    }
}

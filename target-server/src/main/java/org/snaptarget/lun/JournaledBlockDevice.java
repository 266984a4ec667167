package org.snaptarget.lun;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

import org.snaptarget.scsi.BlockDevice;
import org.snaptarget.scsi.DeviceIdentity;
import org.snaptarget.scsi.RangeLock;

/**
 * A device that keeps writes of up to {@link AtomicWriteJournal#capacityBytes()} all-or-nothing,
 * for WRITE ATOMIC(16) (SBC-4 §5.48), by putting its volume's {@link SharedVolume} in front of it:
 * <ul>
 *   <li>across power loss: {@link #writeAtomic} goes through the volume's redo journal (durable
 *       log, apply, flush, durable retire), which is replayed at the next open;</li>
 *   <li>against other commands: writers through any LUN of the volume hold the shared range lock
 *       ({@link #sharedWriteLock()}), and every {@link #read} passes the volume's
 *       {@link AtomicWriteFence}, so no command sees the write half applied.</li>
 * </ul>
 * Everything else is passed to the wrapped device unchanged. An atomic write is durable on return,
 * so FUA needs no extra step.
 */
public final class JournaledBlockDevice implements BlockDevice {

    private final BlockDevice device;
    private final SharedVolume volume;

    public JournaledBlockDevice(BlockDevice device, SharedVolume volume) {
        this.device = Objects.requireNonNull(device, "device");
        this.volume = Objects.requireNonNull(volume, "volume");
        if (volume.journal().capacityBytes() % device.blockSize() != 0) {
            throw new IllegalArgumentException("journal capacity " + volume.journal().capacityBytes()
                    + " is not a multiple of the block size " + device.blockSize());
        }
    }

    @Override
    public int atomicWriteBlocks() {
        return volume.journal().capacityBytes() / device.blockSize();
    }

    @Override
    public void writeAtomic(long offset, ByteBuffer src) throws IOException {
        int length = src.remaining();
        AtomicWriteJournal.Target target = new AtomicWriteJournal.Target() {
            @Override
            public void write(long at, ByteBuffer data) throws IOException {
                volume.fence().applying(at, length, () -> device.write(at, data, false));
            }

            @Override
            public void flush() throws IOException {
                device.flush();
            }
        };
        volume.fence().exclusive(() -> {
            volume.journal().replay(target);
            volume.journal().write(offset, src, target);
        });
    }

    @Override
    public Optional<RangeLock> sharedWriteLock() {
        return Optional.of(volume.writes());
    }

    @Override
    public void read(long offset, ByteBuffer dst) throws IOException {
        volume.fence().read(offset, dst, d -> device.read(offset, d));
    }

    @Override
    public void write(long offset, ByteBuffer src, boolean fua) throws IOException {
        device.write(offset, src, fua);
    }

    @Override
    public void write(long offset, ByteBuffer[] srcs, boolean fua) throws IOException {
        device.write(offset, srcs, fua);
    }

    @Override
    public void flush() throws IOException {
        device.flush();
    }

    @Override
    public void unmap(long offset, long length) throws IOException {
        device.unmap(offset, length);
    }

    @Override
    public ProvisioningStatus provisioningStatus(long offset, long maxLength) throws IOException {
        return device.provisioningStatus(offset, maxLength);
    }

    @Override
    public long size() {
        return device.size();
    }

    @Override
    public int blockSize() {
        return device.blockSize();
    }

    @Override
    public boolean readOnly() {
        return device.readOnly();
    }

    @Override
    public DeviceIdentity identity() {
        return device.identity();
    }

    @Override
    public boolean thinProvisioned() {
        return device.thinProvisioned();
    }

    @Override
    public boolean unmapReadsZero() {
        return device.unmapReadsZero();
    }

    @Override
    public int unmapGranularityBlocks() {
        return device.unmapGranularityBlocks();
    }

    @Override
    public Optional<Path> reservationFile() {
        return device.reservationFile();
    }

    @Override
    public void close() throws IOException {
        device.close();
    }
}

package org.snaptarget.lun;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Optional;

import org.snaptarget.scsi.BlockDevice;
import org.snaptarget.scsi.ForwardingBlockDevice;
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
public final class JournaledBlockDevice extends ForwardingBlockDevice {

    private final SharedVolume volume;

    public JournaledBlockDevice(BlockDevice device, SharedVolume volume) {
        super(device);
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
        AtomicWriteJournal.Target direct = AtomicWriteJournal.Target.of(device);
        AtomicWriteJournal.Target target = new AtomicWriteJournal.Target() {
            @Override
            public void write(long at, ByteBuffer data) throws IOException {
                volume.fence().applying(at, length, () -> direct.write(at, data));
            }

            @Override
            public void flush() throws IOException {
                direct.flush();
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
}

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
 *   <li>when the apply fails (store full, I/O error): the host gets the error, the journal keeps
 *       the write, reads see it whole (laid over the volume's bytes), and the next write or unmap
 *       that overlaps it first finishes it, or fails too while the volume still cannot take it; so
 *       no replay ever lands on newer data.</li>
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
        AtomicWriteJournal.Target target = fencedTarget();
        volume.fence().exclusive(() -> {
            volume.journal().replay(target);
            volume.journal().write(offset, src, target);
        });
    }

    /** The volume as the journal writes it: each apply published to the fence, so readers see it whole. */
    private AtomicWriteJournal.Target fencedTarget() {
        AtomicWriteJournal.Target direct = AtomicWriteJournal.Target.of(device);
        return new AtomicWriteJournal.Target() {
            @Override
            public void write(long at, ByteBuffer data) throws IOException {
                int length = data.remaining();
                volume.fence().applying(at, length, () -> direct.write(at, data));
            }

            @Override
            public void flush() throws IOException {
                direct.flush();
            }
        };
    }

    /**
     * Finishes an atomic write whose apply or flush failed (the host got the error; the journal kept
     * it) before a write or unmap that overlaps it lands, so a later replay can never put its older
     * bytes over newer ones. If the volume still cannot take it, this change fails with the same
     * error and writes nothing.
     */
    private void settlePendingBefore(long offset, long length) throws IOException {
        if (pendingOverlaps(offset, length)) {
            volume.fence().exclusive(() -> volume.journal().replay(fencedTarget()));
        }
    }

    private boolean pendingOverlaps(long offset, long length) {
        AtomicWriteJournal.PendingWrite p = volume.journal().pending().orElse(null);
        return p != null && overlaps(p, offset, length);
    }

    private static boolean overlaps(AtomicWriteJournal.PendingWrite p, long offset, long length) {
        return offset < p.offset() + p.data().remaining() && p.offset() < offset + length;
    }

    @Override
    public Optional<RangeLock> sharedWriteLock() {
        return Optional.of(volume.writes());
    }

    /**
     * Reads through the fence. While an atomic write that failed to apply is pending, a read that
     * overlaps it is answered from the volume with the pending bytes laid over it, under the writers'
     * monitor (no replay, and no overlapping write, which settles the pending write first, can run
     * meanwhile): readers see that write whole, never the part the failed apply left.
     */
    @Override
    public void read(long offset, ByteBuffer dst) throws IOException {
        int start = dst.position();
        int length = dst.remaining();
        if (!pendingOverlaps(offset, length)) {
            volume.fence().read(offset, dst, d -> device.read(offset, d));
            // an atomic write logs itself before it applies, so one whose apply failed during this
            // read is pending now: read again, with its bytes laid over
            if (!pendingOverlaps(offset, length)) {
                return;
            }
            dst.position(start);
        }
        volume.fence().readExclusive(dst, d -> {
            device.read(offset, d);
            AtomicWriteJournal.PendingWrite p = volume.journal().pending().orElse(null);
            if (p != null && overlaps(p, offset, length)) {
                long from = Math.max(offset, p.offset());
                long to = Math.min(offset + length, p.offset() + p.data().remaining());
                ByteBuffer logged = p.data().duplicate();
                logged.position((int) (from - p.offset())).limit((int) (to - p.offset()));
                d.duplicate().position(start + (int) (from - offset)).put(logged);
            }
        });
    }

    @Override
    public void write(long offset, ByteBuffer src, boolean fua) throws IOException {
        settlePendingBefore(offset, src.remaining());
        device.write(offset, src, fua);
    }

    @Override
    public void write(long offset, ByteBuffer[] srcs, boolean fua) throws IOException {
        long length = 0;
        for (ByteBuffer b : srcs) {
            length += b.remaining();
        }
        settlePendingBefore(offset, length);
        device.write(offset, srcs, fua);
    }

    @Override
    public void unmap(long offset, long length) throws IOException {
        settlePendingBefore(offset, length);
        device.unmap(offset, length);
    }
}

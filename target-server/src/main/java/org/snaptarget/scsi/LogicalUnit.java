package org.snaptarget.scsi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

import org.snaptarget.scsi.sense.SenseException;
import org.snaptarget.scsi.sense.SenseFormat;
import org.snaptarget.scsi.sense.SenseReason;
import org.snaptarget.scsi.spc.ModeParameters;

/**
 * One logical unit (SAM-5 §4.6.3): a LUN number, the block device behind it, and the state SCSI
 * keeps per LU — pending unit attentions per nexus, the task set, the write range lock, the
 * reservations (loaded from the device's reservation file when it has one), the current mode
 * parameters. The device's
 * geometry is read here and again only through {@link #refreshCapacity} (a grown volume), which
 * the table announces with CAPACITY DATA HAS CHANGED; the block size never changes.
 */
public final class LogicalUnit {

    private final long number;
    private final BlockDevice device;
    private volatile long blockCount;
    private final int blockSize;
    private final UnitAttentions attentions = new UnitAttentions();
    private final TaskSet tasks = new TaskSet();
    private final TaskOrder order = new TaskOrder();
    private final RangeLock writeLock;
    private final Reservations reservations;
    private final CopyStatusLog copyStatus = new CopyStatusLog();
    private final ModeParameters modeParameters = new ModeParameters();

    public LogicalUnit(long number, BlockDevice device) {
        this.number = number;
        this.device = Objects.requireNonNull(device, "device");
        this.blockSize = device.blockSize();
        if (blockSize != 512 && blockSize != 4096) {
            throw new IllegalArgumentException("LUN " + number + ": block size must be 512 or 4096, not " + blockSize);
        }
        if (device.size() % blockSize != 0 || device.size() <= 0) {
            throw new IllegalArgumentException("LUN " + number + ": size " + device.size() + " is not a positive multiple of " + blockSize);
        }
        this.blockCount = device.size() / blockSize;
        this.writeLock = device.sharedWriteLock().orElseGet(RangeLock::new);
        try {
            this.reservations = new Reservations(device.reservationFile().orElse(null), attentions, tasks);
        } catch (IOException e) {
            throw new UncheckedIOException("LUN " + number + ": cannot load persistent reservations", e);
        }
    }

    /** Outcomes of recent EXTENDED COPY commands, for RECEIVE COPY RESULTS. */
    public CopyStatusLog copyStatus() {
        return copyStatus;
    }

    /** The current values of the changeable mode parameters (MODE SELECT / MODE SENSE). */
    public ModeParameters modeParameters() {
        return modeParameters;
    }

    /** @return the sense data format of this LU's CHECK CONDITIONs (Control mode page D_SENSE) */
    public SenseFormat senseFormat() {
        return modeParameters.senseFormat();
    }

    /** The persistent and SPC-2 reservations of this LU. */
    public Reservations reservations() {
        return reservations;
    }

    public long number() {
        return number;
    }

    public BlockDevice device() {
        return device;
    }

    /** @return the number of logical blocks */
    public long blockCount() {
        return blockCount;
    }

    public int blockSize() {
        return blockSize;
    }

    /**
     * Re-reads the device's size after it changed.
     *
     * @return whether the block count changed
     * @throws IllegalArgumentException when the new size is not a positive multiple of the block size
     */
    boolean refreshCapacity() {
        long size = device.size();
        if (size <= 0 || size % blockSize != 0) {
            throw new IllegalArgumentException("LUN " + number + ": size " + size + " is not a positive multiple of " + blockSize);
        }
        long blocks = size / blockSize;
        boolean changed = blocks != blockCount;
        blockCount = blocks;
        return changed;
    }

    /** The lock that makes COMPARE AND WRITE atomic against every other write to its range. */
    public RangeLock writeLock() {
        return writeLock;
    }

    /**
     * Checks that {@code blocks} blocks starting at {@code lba} (both unsigned) lie inside the medium.
     *
     * @throws SenseException LOGICAL BLOCK ADDRESS OUT OF RANGE (21h/00h, SBC-4 §4.5)
     */
    public void checkRange(long lba, long blocks) throws SenseException {
        if (Long.compareUnsigned(lba, blockCount) > 0 || Long.compareUnsigned(blocks, blockCount - lba) > 0) {
            throw SenseException.of(SenseReason.LBA_OUT_OF_RANGE);
        }
    }

    UnitAttentions attentions() {
        return attentions;
    }

    TaskSet tasks() {
        return tasks;
    }

    TaskOrder order() {
        return order;
    }
}

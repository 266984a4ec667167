package org.snaptarget.scsi;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The medium behind one logical unit: a linear array of bytes addressed in logical blocks of
 * {@link #blockSize()} bytes (SBC-4 §4.5). The SCSI layer is its only client; a file
 * ({@code lun.FileBlockDevice}) or a snapshot-store volume implements it.
 *
 * <p>Contract:
 * <ul>
 *   <li>Offsets and lengths are in bytes; callers keep every access inside {@code [0, size())}.
 *       Accesses need not be block-aligned (a truncated transfer may end mid-block).</li>
 *   <li>{@link #write} with {@code fua} returns only once the data is durable (SBC-4 §5.22 FUA);
 *       without it the data is visible to every later read but durable only after {@link #flush}.</li>
 *   <li>After {@link #unmap}, the range reads back as zeros when {@link #unmapReadsZero()} (LBPRZ,
 *       SBC-4 §4.7.3.5).</li>
 *   <li>Methods may be called concurrently from several storage threads; overlapping writes are
 *       ordered by the caller (the SCSI layer's range lock) where the command set requires it.</li>
 *   <li>A full backing store throws {@link SpaceExhaustedException}; any other failure throws
 *       {@link IOException}.</li>
 * </ul>
 */
public interface BlockDevice extends Closeable {

    /** @return the capacity in bytes, a multiple of {@link #blockSize()} */
    long size();

    /** @return the logical block length in bytes: 512 or 4096 */
    int blockSize();

    /** @return whether writes are refused (DATA PROTECT / WRITE PROTECTED) */
    boolean readOnly();

    /** @return the stable identity reported in VPD pages 80h and 83h */
    DeviceIdentity identity();

    /** @return whether the device is thin-provisioned (LBPME=1, provisioning type thin in VPD B2h) */
    boolean thinProvisioned();

    /** @return whether unmapped ranges read back as zeros (LBPRZ) */
    boolean unmapReadsZero();

    /** @return the optimal unmap granularity in logical blocks (VPD B0h), at most 1 MiB worth */
    int unmapGranularityBlocks();

    /**
     * The largest number of logical blocks one {@link #write} of a block-aligned range keeps
     * all-or-nothing across power loss: after a crash the range holds either all the old or all the
     * new data. WRITE ATOMIC(16) (SBC-4 §5.48) advertises it as MAXIMUM ATOMIC TRANSFER LENGTH and
     * refuses longer atomic writes; 0 means the device guarantees nothing and the LU does not offer
     * WRITE ATOMIC.
     *
     * <p>The default claims one block exactly when a block is one 512-byte sector: a disk writes a
     * single sector completely or not at all (the guarantee file systems and databases rely on), so
     * one 512-byte block written by one positional write cannot tear. A 4096-byte block spans eight
     * such sectors on a 512e disk and may tear, so the default claims nothing for it. A device that
     * commits larger writes as one unit (a journal, a copy-on-write tree) may override this.
     */
    default int atomicWriteBlocks() {
        return blockSize() == 512 ? 1 : 0;
    }

    /**
     * LOGICAL BLOCKS PER PHYSICAL BLOCK EXPONENT (SBC-4 §5.20.2): the medium writes 2^n logical
     * blocks as one unit, so an initiator aligning its writes to that size avoids a
     * read-modify-write underneath. The lowest aligned LBA is always 0. The default, 0, claims no
     * physical block larger than the logical block.
     */
    default int physicalBlockExponent() {
        return 0;
    }

    /**
     * Writes {@code src} (whole blocks, at most {@link #atomicWriteBlocks()} of them) at {@code
     * offset} all-or-nothing: after power loss the range holds all the old or all the new data, and
     * no concurrent {@link #read} sees part of it (SBC-4 §4.29). Durable on return. The default is
     * one positional FUA write, which keeps exactly the one-sector guarantee the default
     * {@link #atomicWriteBlocks()} claims.
     */
    default void writeAtomic(long offset, ByteBuffer src) throws IOException {
        write(offset, src, true);
    }

    /**
     * The range lock that every LU exporting this medium must hold for the ranges it changes, when
     * the medium may be exported by more than one LU (a snapshot store volume); empty when the LU
     * may keep its own.
     */
    default java.util.Optional<RangeLock> sharedWriteLock() {
        return java.util.Optional.empty();
    }

    /** Reads {@code dst.remaining()} bytes at {@code offset} into {@code dst}, advancing its position. */
    void read(long offset, ByteBuffer dst) throws IOException;

    /** Writes {@code src.remaining()} bytes at {@code offset}, advancing its position; durable before return when {@code fua}. */
    void write(long offset, ByteBuffer src, boolean fua) throws IOException;

    /**
     * Writes the buffers back to back starting at {@code offset}; durable before return when {@code fua}.
     * The default writes each buffer and flushes once at the end.
     */
    default void write(long offset, ByteBuffer[] srcs, boolean fua) throws IOException {
        long position = offset;
        for (ByteBuffer src : srcs) {
            int n = src.remaining();
            write(position, src, false);
            position += n;
        }
        if (fua) {
            flush();
        }
    }

    /** Makes every completed write durable (SYNCHRONIZE CACHE, SBC-4 §5.26). */
    void flush() throws IOException;

    /** Deallocates the range; afterwards it reads as zeros when {@link #unmapReadsZero()}. */
    void unmap(long offset, long length) throws IOException;

    /**
     * Whether the given block-aligned range is mapped (SBC-4 §5.8 GET LBA STATUS), as far as the
     * device can tell. The default says mapped: a device that cannot see holes never claims one.
     *
     * <p>A device may bound its work per call and report only a leading part of a longer run (at
     * least one block); GET LBA STATUS then describes the rest in a further descriptor or the
     * initiator asks again from where the answer ends.
     *
     * @return the number of bytes from {@code offset} that share the returned state, and the state
     */
    default ProvisioningStatus provisioningStatus(long offset, long maxLength) throws IOException {
        return new ProvisioningStatus(true, maxLength);
    }

    /**
     * Where this device's persistent reservation state lives when an initiator asks for it to
     * survive power loss (APTPL, SPC-4 §5.13.5), or empty when the device cannot keep it (APTPL=1
     * is then refused and REPORT CAPABILITIES says PTPL_C=0).
     */
    default java.util.Optional<java.nio.file.Path> reservationFile() {
        return java.util.Optional.empty();
    }

    /** One run of blocks with the same provisioning state. */
    record ProvisioningStatus(boolean mapped, long length) {
    }
}

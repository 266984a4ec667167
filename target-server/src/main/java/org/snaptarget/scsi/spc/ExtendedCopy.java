package org.snaptarget.scsi.spc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.snaptarget.scsi.CommandContext;
import org.snaptarget.scsi.CopyStatusLog;
import org.snaptarget.scsi.LogicalUnit;
import org.snaptarget.scsi.RangeLock;
import org.snaptarget.scsi.ScsiResponse;
import org.snaptarget.scsi.sense.SenseException;
import org.snaptarget.scsi.sense.SenseReason;

/**
 * EXTENDED COPY (LID1) (SPC-4 §6.4, THIRD-PARTY COPY OUT 83h service action 00h): copies blocks
 * between LUs inside the target, as ESXi's VAAI clone and Storage vMotion offload do. The copy is
 * done synchronously: GOOD means every segment has been copied.
 *
 * <p>Parameter list (§6.4.3.1): LIST IDENTIFIER (0), STR/LIST ID USAGE/PRIORITY (1, accepted and
 * ignored: no copy state is kept), CSCD DESCRIPTOR LIST LENGTH (2..3), SEGMENT DESCRIPTOR LIST
 * LENGTH (8..11), INLINE DATA LENGTH (12..15, must be 0), then the CSCD descriptors, then the
 * segment descriptors. Supported:
 * <ul>
 *   <li>CSCD descriptor E4h (identification, 32 bytes, §6.4.5.8): names a LU by a designator of its
 *       VPD 83h page; this target matches the binary NAA designator (association LU, type 3h,
 *       8 bytes) against the LUs of this target that the requesting nexus may access — a LU of
 *       another target, or one hidden from the initiator, is COPY TARGET DEVICE NOT REACHABLE
 *       (0Ah/0Dh/02h), never copied (CVE-2020-28374). The peripheral device type must be 0 and the
 *       disk block length (bytes 29..31) the LU's.</li>
 *   <li>Segment descriptor 02h (block device to block device, 28 bytes, §6.4.6.5): source and
 *       destination CSCD indexes, NUMBER OF BLOCKS, source and destination LBA. DC is accepted; the
 *       block lengths of both LUs must be equal.</li>
 * </ul>
 * Other descriptor types are UNSUPPORTED TARGET/SEGMENT DESCRIPTOR TYPE CODE; descriptor lists
 * longer than {@link #MAX_DESCRIPTOR_LIST_LENGTH} are PARAMETER LIST LENGTH ERROR; more than
 * {@link #MAX_CSCD_DESCRIPTORS} or {@link #MAX_SEGMENT_DESCRIPTORS} is TOO MANY TARGET/SEGMENT
 * DESCRIPTORS; a segment naming a CSCD index that does not exist is COPY ABORTED / COPY TARGET
 * DEVICE NOT REACHABLE, one whose blocks leave a copy target COPY ABORTED with the segment pointer
 * at its NUMBER OF BLOCKS field (SPC-4 §4.5.2.4.5). Every
 * descriptor and range is checked before the first block moves. The outcome is recorded under the
 * list identifier for RECEIVE COPY RESULTS / COPY STATUS. A destination that is read-only
 * is WRITE PROTECTED. Each chunk of up to 1 MiB is read, then written under the destination's range
 * lock; overlapping copies within one LU run backwards when the destination lies after the source.
 */
public final class ExtendedCopy {

    static final int MAX_CSCD_DESCRIPTORS = 8;
    static final int MAX_SEGMENT_DESCRIPTORS = 16;
    static final int MAX_SEGMENT_BYTES = 64 << 20;
    static final int CSCD_LENGTH = 32;
    static final int SEGMENT_LENGTH = 28;
    static final int MAX_DESCRIPTOR_LIST_LENGTH = MAX_CSCD_DESCRIPTORS * CSCD_LENGTH + MAX_SEGMENT_DESCRIPTORS * SEGMENT_LENGTH;
    /** Inline data is not supported: INLINE DATA LENGTH must be 0. */
    static final int MAX_INLINE_DATA_LENGTH = 0;
    /** Copies run synchronously inside the command, one at a time per command. */
    static final int MAX_CONCURRENT_COPIES = 1;
    /** Segments are copied in whole logical blocks of at least 512 bytes: DATA SEGMENT GRANULARITY 2^9. */
    static final int DATA_SEGMENT_GRANULARITY_LOG2 = 9;
    /** Segment descriptor type code 02h: block device to block device (§6.4.6.5). */
    static final int SEGMENT_BLOCK_TO_BLOCK = 0x02;
    /** CSCD descriptor type code E4h: identification descriptor (§6.4.5.8). */
    static final int CSCD_IDENTIFICATION = 0xE4;
    /**
     * Every descriptor type code this copy manager implements, ascending (segment descriptors, then
     * CSCD descriptors), as RECEIVE COPY RESULTS / OPERATING PARAMETERS and VPD 8Fh list them.
     */
    static final int[] IMPLEMENTED_DESCRIPTOR_TYPES = {SEGMENT_BLOCK_TO_BLOCK, CSCD_IDENTIFICATION};
    /**
     * The CSCD descriptor IDs a segment may use besides indexes into the CSCD list (SPC-4 §6.4.5.1:
     * C000h null LU, C001h the copy manager's own LU): none, segments name CSCDs by index only.
     */
    static final int[] SUPPORTED_SPECIAL_CSCD_IDS = {};
    private static final int HEADER = 16;
    private static final int CHUNK = 1 << 20;

    private record Segment(LogicalUnit source, LogicalUnit destination, long sourceLba, long destinationLba, long blocks) {
    }

    private ExtendedCopy() {
    }

    public static ScsiResponse execute(CommandContext ctx) throws SenseException, IOException {
        long listLength = ctx.cdb().u32(10);
        if (listLength == 0) {
            return CommandContext.good();
        }
        byte[] p = ctx.parameterList(listLength);
        if (p.length < HEADER || p.length < listLength) {
            throw SenseException.of(SenseReason.PARAMETER_LIST_LENGTH_ERROR);
        }
        int cscdLength = u16(p, 2);
        long segmentLength = u32(p, 8);
        long inlineLength = u32(p, 12);
        if (inlineLength != 0) {
            throw SenseException.invalidParameterField(12);
        }
        if (HEADER + cscdLength + segmentLength > p.length) {
            throw SenseException.of(SenseReason.PARAMETER_LIST_LENGTH_ERROR);
        }
        if (cscdLength + segmentLength > MAX_DESCRIPTOR_LIST_LENGTH) {
            throw SenseException.of(SenseReason.PARAMETER_LIST_LENGTH_ERROR);
        }
        if (cscdLength % CSCD_LENGTH != 0) {
            throw SenseException.invalidParameterField(2);
        }
        if (cscdLength / CSCD_LENGTH > MAX_CSCD_DESCRIPTORS) {
            throw SenseException.of(SenseReason.TOO_MANY_TARGET_DESCRIPTORS);
        }
        List<LogicalUnit> cscds = new ArrayList<>();
        for (int at = HEADER; at < HEADER + cscdLength; at += CSCD_LENGTH) {
            cscds.add(resolve(ctx, p, at));
        }
        List<Segment> segments = parseSegments(ctx, p, HEADER + cscdLength, (int) segmentLength, cscds);
        int listId = p[0] & 0xFF;
        long bytes = 0;
        int done = 0;
        try {
            for (Segment s : segments) {
                copy(s);
                bytes += s.blocks() * s.source().blockSize();
                done++;
            }
        } finally {
            ctx.unit().copyStatus().record(ctx.nexus(), listId,
                    new CopyStatusLog.Status(done == segments.size(), done, bytes));
        }
        return CommandContext.good();
    }

    /** Resolves one E4h identification descriptor to an accessible LU of this target. */
    private static LogicalUnit resolve(CommandContext ctx, byte[] p, int at) throws SenseException {
        int typeCode = p[at] & 0xFF;
        if (typeCode != CSCD_IDENTIFICATION) {
            throw SenseException.of(SenseReason.UNSUPPORTED_TARGET_DESCRIPTOR_TYPE_CODE);
        }
        if ((p[at + 1] & 0x1F) != 0) {
            throw SenseException.invalidParameterField(at + 1);
        }
        int codeSet = p[at + 4] & 0x0F;
        int association = (p[at + 5] >>> 4) & 0x03;
        int designatorType = p[at + 5] & 0x0F;
        int length = p[at + 7] & 0xFF;
        if (codeSet != 1 || association != 0 || designatorType != 3 || length != 8) {
            throw SenseException.of(SenseReason.COPY_TARGET_DEVICE_NOT_REACHABLE);
        }
        long naa = 0;
        for (int i = 0; i < 8; i++) {
            naa = (naa << 8) | (p[at + 8 + i] & 0xFF);
        }
        int blockLength = ((p[at + 29] & 0xFF) << 16) | ((p[at + 30] & 0xFF) << 8) | (p[at + 31] & 0xFF);
        for (long lun : ctx.target().lunNumbers(ctx.nexus())) {
            LogicalUnit unit = ctx.target().unitFor(ctx.nexus(), lun);
            if (unit != null && unit.device().identity().naa() == naa) {
                if (blockLength != unit.blockSize()) {
                    throw SenseException.invalidParameterField(at + 29);
                }
                return unit;
            }
        }
        throw SenseException.of(SenseReason.COPY_TARGET_DEVICE_NOT_REACHABLE);
    }

    private static List<Segment> parseSegments(CommandContext ctx, byte[] p, int start, int length, List<LogicalUnit> cscds)
            throws SenseException {
        List<Segment> segments = new ArrayList<>();
        int at = start;
        int end = start + length;
        while (at < end) {
            if (at + 4 > end) {
                throw SenseException.of(SenseReason.PARAMETER_LIST_LENGTH_ERROR);
            }
            int type = p[at] & 0xFF;
            if (type != SEGMENT_BLOCK_TO_BLOCK) {
                throw SenseException.of(SenseReason.UNSUPPORTED_SEGMENT_DESCRIPTOR_TYPE_CODE);
            }
            if (u16(p, at + 2) != SEGMENT_LENGTH - 4) {
                throw SenseException.invalidParameterField(at + 2);
            }
            if (at + SEGMENT_LENGTH > end) {
                throw SenseException.of(SenseReason.PARAMETER_LIST_LENGTH_ERROR);
            }
            if (segments.size() == MAX_SEGMENT_DESCRIPTORS) {
                throw SenseException.of(SenseReason.TOO_MANY_SEGMENT_DESCRIPTORS);
            }
            int src = u16(p, at + 4);
            int dst = u16(p, at + 6);
            if (src >= cscds.size() || dst >= cscds.size()) {
                throw SenseException.of(SenseReason.COPY_TARGET_DEVICE_NOT_REACHABLE);
            }
            LogicalUnit source = cscds.get(src);
            LogicalUnit destination = cscds.get(dst);
            long blocks = u16(p, at + 10);
            long sourceLba = (u32(p, at + 12) << 32) | u32(p, at + 16);
            long destinationLba = (u32(p, at + 20) << 32) | u32(p, at + 24);
            if (source.blockSize() != destination.blockSize()) {
                throw SenseException.invalidParameterField(at + 6);
            }
            if (destination.device().readOnly()) {
                throw SenseException.of(SenseReason.WRITE_PROTECTED);
            }
            if (blocks * source.blockSize() > MAX_SEGMENT_BYTES) {
                throw SenseException.invalidParameterField(at + 10);
            }
            try {
                source.checkRange(sourceLba, blocks);
                destination.checkRange(destinationLba, blocks);
            } catch (SenseException e) {
                throw SenseException.parameterField(SenseReason.COPY_ABORTED, at + 10);
            }
            segments.add(new Segment(source, destination, sourceLba, destinationLba, blocks));
            at += SEGMENT_LENGTH;
        }
        return segments;
    }

    private static void copy(Segment s) throws IOException {
        int bs = s.source().blockSize();
        long length = s.blocks() * bs;
        if (length == 0) {
            return;
        }
        long from = s.sourceLba() * bs;
        long to = s.destinationLba() * bs;
        boolean backwards = s.source() == s.destination() && to > from && to < from + length;
        ByteBuffer buf = ByteBuffer.allocateDirect((int) Math.min(CHUNK, length));
        long done = 0;
        while (done < length) {
            int n = (int) Math.min(buf.capacity(), length - done);
            long offset = backwards ? length - done - n : done;
            s.source().device().read(from + offset, buf.clear().limit(n));
            buf.flip();
            try (RangeLock.Held held = s.destination().writeLock().lock(to + offset, n)) {
                s.destination().device().write(to + offset, buf, false);
            }
            done += n;
        }
    }

    private static int u16(byte[] b, int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }

    private static long u32(byte[] b, int at) {
        return ((long) u16(b, at) << 16) | u16(b, at + 2);
    }
}

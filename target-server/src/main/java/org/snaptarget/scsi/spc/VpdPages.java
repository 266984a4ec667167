package org.snaptarget.scsi.spc;

import static org.snaptarget.scsi.ParameterBytes.putU16;
import static org.snaptarget.scsi.ParameterBytes.putU32;
import static org.snaptarget.scsi.ParameterBytes.putU64;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import org.snaptarget.scsi.BlockDevice;
import org.snaptarget.scsi.CommandContext;
import org.snaptarget.scsi.CommandTable;
import org.snaptarget.scsi.DeviceIdentity;
import org.snaptarget.scsi.ItNexus;
import org.snaptarget.scsi.LogicalUnit;
import org.snaptarget.scsi.TargetInfo;
import org.snaptarget.scsi.sbc.BlockLimits;
import org.snaptarget.scsi.sbc.WriteAtomic;
import org.snaptarget.scsi.sense.SenseException;

/**
 * The vital product data pages INQUIRY returns with EVPD=1 (SPC-4 §7.8, SBC-4 §6.6). Each page
 * starts with the peripheral byte, the page code and a 2-byte page length. For a LUN without a LU
 * only page 00h is answered (listing just itself); any page not listed in 00h is INVALID FIELD IN
 * CDB at byte 2. Page 8Fh (Third-party Copy) is built by {@link ThirdPartyCopyVpd}.
 */
final class VpdPages {

    static final int SUPPORTED_PAGES = 0x00;
    static final int UNIT_SERIAL_NUMBER = 0x80;
    static final int DEVICE_IDENTIFICATION = 0x83;
    static final int EXTENDED_INQUIRY = 0x86;
    static final int BLOCK_LIMITS = 0xB0;
    static final int BLOCK_DEVICE_CHARACTERISTICS = 0xB1;
    static final int LOGICAL_BLOCK_PROVISIONING = 0xB2;

    static final int THIRD_PARTY_COPY = ThirdPartyCopyVpd.PAGE_CODE;

    /** Every page this target can have, ascending; 8Fh only while EXTENDED COPY is in the command table. */
    private static final int[] PAGES = {SUPPORTED_PAGES, UNIT_SERIAL_NUMBER, DEVICE_IDENTIFICATION, EXTENDED_INQUIRY,
        THIRD_PARTY_COPY, BLOCK_LIMITS, BLOCK_DEVICE_CHARACTERISTICS, LOGICAL_BLOCK_PROVISIONING};

    /** Target port group reported in VPD 83h (one group: every port is active/optimized). */
    static final int TARGET_PORT_GROUP = 1;

    private VpdPages() {
    }

    static byte[] page(CommandContext ctx, int pageCode) throws SenseException {
        LogicalUnit unit = ctx.unit();
        if (unit == null) {
            if (pageCode != SUPPORTED_PAGES) {
                throw SenseException.invalidCdbField(2);
            }
            return withHeader(Inquiry.NO_LOGICAL_UNIT, SUPPORTED_PAGES, new byte[] {SUPPORTED_PAGES});
        }
        int peripheral = Inquiry.peripheral(unit);
        CommandTable table = ctx.target().commandTable();
        if (!offered(pageCode, table)) {
            throw SenseException.invalidCdbField(2);
        }
        byte[] body = switch (pageCode) {
            case SUPPORTED_PAGES -> supportedPages(table);
            case THIRD_PARTY_COPY -> ThirdPartyCopyVpd.body(table);
            case UNIT_SERIAL_NUMBER -> unit.device().identity().serial().getBytes(StandardCharsets.US_ASCII);
            case DEVICE_IDENTIFICATION -> deviceIdentification(ctx.target().info(), unit.device().identity(), ctx.nexus());
            case EXTENDED_INQUIRY -> extendedInquiry();
            case BLOCK_LIMITS -> blockLimits(unit, ctx.target().commandTable());
            case BLOCK_DEVICE_CHARACTERISTICS -> blockDeviceCharacteristics();
            case LOGICAL_BLOCK_PROVISIONING -> logicalBlockProvisioning(unit.device(), ctx.target().commandTable());
            default -> throw SenseException.invalidCdbField(2);
        };
        return withHeader(peripheral, pageCode, body);
    }

    private static byte[] withHeader(int peripheral, int pageCode, byte[] body) {
        byte[] page = new byte[4 + body.length];
        page[0] = (byte) peripheral;
        page[1] = (byte) pageCode;
        page[2] = (byte) (body.length >>> 8);
        page[3] = (byte) body.length;
        System.arraycopy(body, 0, page, 4, body.length);
        return page;
    }

    /** @return whether the page is listed in page 00h for a target with this command table */
    private static boolean offered(int pageCode, CommandTable table) {
        return pageCode != THIRD_PARTY_COPY || ThirdPartyCopyVpd.offered(table);
    }

    private static byte[] supportedPages(CommandTable table) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int page : PAGES) {
            if (offered(page, table)) {
                b.write(page);
            }
        }
        return b.toByteArray();
    }

    /**
     * Device Identification (SPC-4 §7.8.6). Four designation descriptors: the LU's NAA designator
     * (binary, association LU, type 3h — the identity Windows and ESXi key on); a T10 vendor ID
     * designator (ASCII, association LU, type 1h: vendor + serial); the relative target port
     * (association target port, type 4h, PIV with protocol iSCSI); the target port group (type 5h);
     * and the SCSI name string of the target port (UTF-8, type 8h), null-terminated and padded to a
     * multiple of 4.
     */
    static byte[] deviceIdentification(TargetInfo info, DeviceIdentity id, ItNexus nexus) {
        byte[] naa = new byte[8];
        for (int i = 0; i < 8; i++) {
            naa[i] = (byte) (id.naa() >>> (56 - 8 * i));
        }
        byte[] vendor = TargetInfo.padded(info.vendor(), 8);
        byte[] serial = id.serial().getBytes(StandardCharsets.US_ASCII);
        byte[] t10 = new byte[8 + serial.length];
        System.arraycopy(vendor, 0, t10, 0, 8);
        System.arraycopy(serial, 0, t10, 8, serial.length);
        int port = nexus.relativeTargetPortId();
        byte[] relPort = {0, 0, (byte) (port >>> 8), (byte) port};
        byte[] group = {0, 0, (byte) (TARGET_PORT_GROUP >>> 8), (byte) TARGET_PORT_GROUP};
        byte[] name = nexus.targetPortName().getBytes(StandardCharsets.UTF_8);
        byte[] scsiName = new byte[(name.length + 1 + 3) & ~3];
        System.arraycopy(name, 0, scsiName, 0, name.length);

        byte[][] descriptors = {
            designator(0x00, 0x1, 0x00, 0x3, naa),        // NAA, binary, LU
            designator(0x00, 0x2, 0x00, 0x1, t10),        // T10 vendor ID, ASCII, LU
            designator(0x50, 0x1, 0x90, 0x4, relPort),    // relative target port: iSCSI, PIV, target port
            designator(0x50, 0x1, 0x90, 0x5, group),      // target port group
            designator(0x50, 0x3, 0x90, 0x8, scsiName),   // SCSI name string of the target port
        };
        int total = 0;
        for (byte[] d : descriptors) {
            total += d.length;
        }
        byte[] out = new byte[total];
        int at = 0;
        for (byte[] d : descriptors) {
            System.arraycopy(d, 0, out, at, d.length);
            at += d.length;
        }
        return out;
    }

    /** One designation descriptor: protocol identifier | code set, PIV | association | designator type, length, designator. */
    private static byte[] designator(int protocol, int codeSet, int pivAssociation, int type, byte[] value) {
        byte[] d = new byte[4 + value.length];
        d[0] = (byte) (protocol | codeSet);
        d[1] = (byte) (pivAssociation | type);
        d[3] = (byte) value.length;
        System.arraycopy(value, 0, d, 4, value.length);
        return d;
    }

    /**
     * Extended INQUIRY Data (SPC-4 §7.8.7), page length 3Ch: HEADSUP, ORDSUP and SIMPSUP (the task
     * attributes {@code TaskOrder} honours), V_SUP
     * (a volatile cache that SYNCHRONIZE CACHE flushes), LUICLR=1 as SPC-4 requires.
     */
    private static byte[] extendedInquiry() {
        byte[] b = new byte[0x3C];
        b[1] = 0x07;    // HEADSUP, ORDSUP, SIMPSUP
        b[2] = 0x01;    // V_SUP
        b[3] = 0x01;    // LUICLR
        return b;
    }

    /**
     * Block Limits (SBC-4 §6.6.4), page length 3Ch: WSNZ=1 (WRITE SAME with zero blocks is refused),
     * MAXIMUM COMPARE AND WRITE LENGTH, transfer granularity/maximum/optimal, and — when UNMAP is in
     * the command table — MAXIMUM UNMAP LBA COUNT, MAXIMUM UNMAP BLOCK DESCRIPTOR COUNT, OPTIMAL UNMAP
     * GRANULARITY (the device's, at most 1 MiB) with UGAVALID and alignment 0; MAXIMUM WRITE SAME LENGTH;
     * and — when WRITE ATOMIC(16) is in the table and the device keeps some write whole across power
     * loss — MAXIMUM ATOMIC TRANSFER LENGTH, ATOMIC ALIGNMENT and ATOMIC TRANSFER LENGTH GRANULARITY
     * (page bytes 44..55), with the two atomic boundary fields 0. Otherwise all five are 0, which
     * tells the initiator WRITE ATOMIC is not offered on this LU.
     */
    static byte[] blockLimits(LogicalUnit unit, CommandTable table) {
        int bs = unit.blockSize();
        byte[] b = new byte[0x3C];
        b[0] = 0x01;                                                        // WSNZ
        if (table.descriptor(0x89, -1).isPresent()) {
            b[1] = (byte) BlockLimits.MAX_COMPARE_AND_WRITE_BLOCKS;
        }
        putU16(b, 2, BlockLimits.transferGranularityBlocks(bs));
        putU32(b, 4, BlockLimits.maxTransferBlocks(bs));
        putU32(b, 8, BlockLimits.optimalTransferBlocks(bs));
        putU32(b, 12, BlockLimits.maxTransferBlocks(bs));                   // MAXIMUM PREFETCH LENGTH
        if (table.descriptor(0x42, -1).isPresent()) {
            putU32(b, 16, BlockLimits.maxUnmapBlocks(bs));
            putU32(b, 20, BlockLimits.MAX_UNMAP_DESCRIPTORS);
            putU32(b, 24, unit.device().unmapGranularityBlocks());
            b[28] = (byte) 0x80;                                            // UGAVALID, alignment 0
        }
        if (table.descriptor(0x93, -1).isPresent()) {
            putU64(b, 32, BlockLimits.maxWriteSameBlocks(bs));
        }
        if (table.descriptor(WriteAtomic.OPCODE, -1).isPresent() && WriteAtomic.offeredBy(unit)) {
            putU32(b, 40, BlockLimits.maxAtomicTransferBlocks(unit.device())); // page bytes 44..47
            putU32(b, 44, BlockLimits.ATOMIC_ALIGNMENT_BLOCKS);
            putU32(b, 48, BlockLimits.ATOMIC_GRANULARITY_BLOCKS);
            // page bytes 56..63, MAXIMUM ATOMIC TRANSFER LENGTH WITH ATOMIC BOUNDARY and MAXIMUM
            // ATOMIC BOUNDARY SIZE, stay 0: no atomic boundaries (BlockLimits.MAX_ATOMIC_BOUNDARY_BLOCKS)
        }
        return b;
    }

    /** Block Device Characteristics (SBC-4 §6.6.2), page length 3Ch: MEDIUM ROTATION RATE 0001h, non-rotating. */
    private static byte[] blockDeviceCharacteristics() {
        byte[] b = new byte[0x3C];
        b[1] = 0x01;
        return b;
    }

    /**
     * Logical Block Provisioning (SBC-4 §6.6.6), page length 4: LBPU when UNMAP is in the table,
     * LBPWS / LBPWS10 when WRITE SAME(16) / (10) with the UNMAP bit are, LBPRZ from the device
     * (the same bit READ CAPACITY(16) reports), provisioning type 010b thin or 000b full.
     */
    static byte[] logicalBlockProvisioning(BlockDevice device, CommandTable table) {
        byte[] b = new byte[4];
        if (device.thinProvisioned()) {
            int flags = 0;
            if (table.descriptor(0x42, -1).isPresent()) {
                flags |= 0x80;
            }
            if (table.descriptor(0x93, -1).isPresent()) {
                flags |= 0x40;
            }
            if (table.descriptor(0x41, -1).isPresent()) {
                flags |= 0x20;
            }
            if (device.unmapReadsZero()) {
                flags |= 0x04;
            }
            b[1] = (byte) flags;
            b[2] = 0x02;
        }
        return b;
    }
}

package org.snaptarget.scsi.spc;

import static org.snaptarget.scsi.ParameterBytes.putU16;
import static org.snaptarget.scsi.ParameterBytes.putU32;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.snaptarget.scsi.CommandDescriptor;
import org.snaptarget.scsi.CommandTable;

/**
 * The body of the Third-party Copy VPD page (SPC-4 §7.8.17, page 8Fh) for the EXTENDED COPY (LID1)
 * copy manager ({@link ExtendedCopy}). The page exists exactly when the command table has
 * EXTENDED COPY(LID1), the condition INQUIRY's 3PC bit follows too.
 *
 * <p>The body is a list of third-party copy descriptors, each DESCRIPTOR TYPE (2 bytes),
 * DESCRIPTOR LENGTH (2 bytes, the bytes that follow) and a body padded with zeros to a multiple of
 * 4 bytes. These five are the ones SPC-4 requires of a copy manager with EXTENDED COPY(LID1):
 * <ul>
 *   <li>0001h Supported Commands (§7.8.17.3): COMMANDS SUPPORTED LIST LENGTH (byte 4), then per
 *       third-party copy operation code (83h, 84h) in the command table: OPERATION CODE, SERVICE
 *       ACTION LIST LENGTH and its service actions — read from the table, so the page lists exactly
 *       what the dispatcher runs.</li>
 *   <li>0004h Parameter Data (§7.8.17.4), length 1Ch: MAXIMUM CSCD DESCRIPTOR COUNT (8..9),
 *       MAXIMUM SEGMENT DESCRIPTOR COUNT (10..11), MAXIMUM DESCRIPTOR LIST LENGTH (12..15), MAXIMUM
 *       INLINE DATA LENGTH (16..19).</li>
 *   <li>0008h Supported Descriptors (§7.8.17.5): SUPPORTED DESCRIPTOR LIST LENGTH (byte 4), then
 *       one byte per implemented segment and CSCD descriptor type code (02h, E4h).</li>
 *   <li>000Ch Supported CSCD Descriptor IDs (§7.8.17.6): SUPPORTED CSCD DESCRIPTOR IDS LIST LENGTH
 *       (bytes 4..5), then 2-byte IDs other than list indexes; empty, segments name CSCDs by index.</li>
 *   <li>8001h General Copy Operations (§7.8.17.8), length 20h: TOTAL CONCURRENT COPIES (4..7),
 *       MAXIMUM IDENTIFIED CONCURRENT COPIES (8..11), MAXIMUM SEGMENT LENGTH (12..15), DATA SEGMENT
 *       GRANULARITY (16, log2 bytes), INLINE DATA GRANULARITY (17, 0: no inline data).</li>
 * </ul>
 * Every number comes from the {@link ExtendedCopy} constants that RECEIVE COPY RESULTS / OPERATING
 * PARAMETERS reports too ({@link ReceiveCopyResults}), so the two never disagree.
 */
final class ThirdPartyCopyVpd {

    static final int PAGE_CODE = 0x8F;

    static final int SUPPORTED_COMMANDS = 0x0001;
    static final int PARAMETER_DATA = 0x0004;
    static final int SUPPORTED_DESCRIPTORS = 0x0008;
    static final int SUPPORTED_CSCD_IDS = 0x000C;
    static final int GENERAL_COPY_OPERATIONS = 0x8001;

    /** THIRD-PARTY COPY OUT and THIRD-PARTY COPY IN (SPC-4 §6.4, §6.18). */
    private static final int[] COPY_OPCODES = {0x83, 0x84};

    private ThirdPartyCopyVpd() {
    }

    /** @return whether the target offers the page: EXTENDED COPY(LID1) is in the command table */
    static boolean offered(CommandTable table) {
        return table.descriptor(0x83, 0x00).isPresent();
    }

    static byte[] body(CommandTable table) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(descriptor(SUPPORTED_COMMANDS, supportedCommands(table)));
        out.writeBytes(descriptor(PARAMETER_DATA, parameterData()));
        out.writeBytes(descriptor(SUPPORTED_DESCRIPTORS, supportedDescriptors()));
        out.writeBytes(descriptor(SUPPORTED_CSCD_IDS, supportedCscdIds()));
        out.writeBytes(descriptor(GENERAL_COPY_OPERATIONS, generalCopyOperations()));
        return out.toByteArray();
    }

    /** Type, length and the body padded to a multiple of 4 bytes (the length counts the padding). */
    private static byte[] descriptor(int type, byte[] body) {
        int padded = (body.length + 3) & ~3;
        byte[] d = new byte[4 + padded];
        d[0] = (byte) (type >>> 8);
        d[1] = (byte) type;
        d[2] = (byte) (padded >>> 8);
        d[3] = (byte) padded;
        System.arraycopy(body, 0, d, 4, body.length);
        return d;
    }

    private static byte[] supportedCommands(CommandTable table) {
        Map<Integer, List<Integer>> actions = new LinkedHashMap<>();
        for (int opcode : COPY_OPCODES) {
            for (CommandDescriptor d : table.all()) {
                if (d.opcode() == opcode) {
                    actions.computeIfAbsent(opcode, o -> new ArrayList<>());
                    if (d.hasServiceAction()) {
                        actions.get(opcode).add(d.serviceAction());
                    }
                }
            }
        }
        ByteArrayOutputStream list = new ByteArrayOutputStream();
        actions.forEach((opcode, serviceActions) -> {
            list.write(opcode);
            list.write(serviceActions.size());
            serviceActions.forEach(list::write);
        });
        byte[] l = list.toByteArray();
        byte[] body = new byte[1 + l.length];
        body[0] = (byte) l.length;
        System.arraycopy(l, 0, body, 1, l.length);
        return body;
    }

    private static byte[] parameterData() {
        byte[] b = new byte[0x1C];
        putU16(b, 4, ExtendedCopy.MAX_CSCD_DESCRIPTORS);
        putU16(b, 6, ExtendedCopy.MAX_SEGMENT_DESCRIPTORS);
        putU32(b, 8, ExtendedCopy.MAX_DESCRIPTOR_LIST_LENGTH);
        putU32(b, 12, ExtendedCopy.MAX_INLINE_DATA_LENGTH);
        return b;
    }

    private static byte[] supportedDescriptors() {
        int[] types = ExtendedCopy.IMPLEMENTED_DESCRIPTOR_TYPES;
        byte[] b = new byte[1 + types.length];
        b[0] = (byte) types.length;
        for (int i = 0; i < types.length; i++) {
            b[1 + i] = (byte) types[i];
        }
        return b;
    }

    private static byte[] supportedCscdIds() {
        int[] ids = ExtendedCopy.SUPPORTED_SPECIAL_CSCD_IDS;
        byte[] b = new byte[2 + 2 * ids.length];
        putU16(b, 0, 2 * ids.length);
        for (int i = 0; i < ids.length; i++) {
            putU16(b, 2 + 2 * i, ids[i]);
        }
        return b;
    }

    private static byte[] generalCopyOperations() {
        byte[] b = new byte[0x20];
        putU32(b, 0, ExtendedCopy.MAX_CONCURRENT_COPIES);
        putU32(b, 4, ExtendedCopy.MAX_CONCURRENT_COPIES);
        putU32(b, 8, ExtendedCopy.MAX_SEGMENT_BYTES);
        b[12] = (byte) ExtendedCopy.DATA_SEGMENT_GRANULARITY_LOG2;
        return b;
    }
}

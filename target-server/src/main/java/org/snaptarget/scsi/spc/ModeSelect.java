package org.snaptarget.scsi.spc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.snaptarget.scsi.CommandContext;
import org.snaptarget.scsi.LogicalUnit;
import org.snaptarget.scsi.ScsiResponse;
import org.snaptarget.scsi.sense.SenseException;
import org.snaptarget.scsi.sense.SenseReason;

/**
 * MODE SELECT(6) and MODE SELECT(10) (SPC-4 §6.9, §6.10).
 *
 * <p>CDB: PF (byte 1 bit 4), SP (byte 1 bit 0), PARAMETER LIST LENGTH (byte 4, or bytes 7..8).
 * SP=1 asks to save pages, which this target cannot: INVALID FIELD IN CDB at byte 1 bit 0.
 *
 * <p>Parameter list: the mode parameter header (4 or 8 bytes), then BLOCK DESCRIPTOR LENGTH bytes
 * of block descriptors (0, or one: 8 bytes, or 16 with LONGLBA in the 10-byte form), then pages.
 * A block descriptor must carry the LU's block length and either 0 or the LU's block count; each
 * page must be one MODE SENSE reports, with its page length, and every byte equal to the current
 * value except in the bits the changeable mask of {@link ModePages} allows (PS is ignored): today
 * D_SENSE of the Control mode page. The first byte that differs elsewhere is reported as INVALID
 * FIELD IN PARAMETER LIST with its offset; a list shorter than its own lengths say is PARAMETER
 * LIST LENGTH ERROR. A parameter list length of 0 does nothing.
 *
 * <p>The list is checked whole before anything changes (all or nothing). The new values then
 * become current for the LU ({@link ModeParameters}: shared by every nexus) and, if one changed,
 * every other I_T nexus gets MODE PARAMETERS CHANGED (2Ah/01h, SPC-4 §7.5.1).
 */
public final class ModeSelect {

    private ModeSelect() {
    }

    public static ScsiResponse execute6(CommandContext ctx) throws SenseException {
        return execute(ctx, false, ctx.cdb().u8(4));
    }

    public static ScsiResponse execute10(CommandContext ctx) throws SenseException {
        return execute(ctx, true, ctx.cdb().u16(7));
    }

    private static ScsiResponse execute(CommandContext ctx, boolean ten, int listLength) throws SenseException {
        if (ctx.cdb().bit(1, 0)) {
            throw SenseException.invalidCdbField(1, 0);
        }
        if (listLength == 0) {
            return CommandContext.good();
        }
        byte[] p = ctx.parameterList(listLength);
        int headerLength = ten ? 8 : 4;
        if (p.length < listLength || p.length < headerLength) {
            throw SenseException.of(SenseReason.PARAMETER_LIST_LENGTH_ERROR);
        }
        boolean longLba = ten && (p[4] & 0x01) != 0;
        int descriptorLength = ten ? ((p[6] & 0xFF) << 8) | (p[7] & 0xFF) : p[3] & 0xFF;
        if (headerLength + descriptorLength > p.length) {
            throw SenseException.of(SenseReason.PARAMETER_LIST_LENGTH_ERROR);
        }
        LogicalUnit unit = ctx.unit();
        checkBlockDescriptor(unit, p, headerLength, descriptorLength, longLba, ten);
        ModeParameters parameters = unit.modeParameters();
        List<int[]> accepted = new ArrayList<>();
        int at = headerLength + descriptorLength;
        while (at < p.length) {
            if (at + 2 > p.length) {
                throw SenseException.of(SenseReason.PARAMETER_LIST_LENGTH_ERROR);
            }
            int pageCode = p[at] & 0x3F;
            if ((p[at] & 0x40) != 0 || pageCode == ModePages.ALL_PAGES || !ModePages.supports(pageCode)) {
                throw SenseException.invalidParameterField(at);
            }
            byte[] current = ModePages.page(pageCode, ModePages.PC_CURRENT, parameters);
            byte[] changeable = ModePages.page(pageCode, ModePages.PC_CHANGEABLE, parameters);
            if ((p[at + 1] & 0xFF) != current[1]) {
                throw SenseException.invalidParameterField(at + 1);
            }
            if (at + current.length > p.length) {
                throw SenseException.of(SenseReason.PARAMETER_LIST_LENGTH_ERROR);
            }
            for (int i = 2; i < current.length; i++) {
                if (((p[at + i] ^ current[i]) & ~changeable[i]) != 0) {
                    throw SenseException.invalidParameterField(at + i);
                }
            }
            accepted.add(new int[] {pageCode, at, current.length});
            at += current.length;
        }
        boolean changed = false;
        for (int[] page : accepted) {
            changed |= ModePages.apply(page[0], Arrays.copyOfRange(p, page[1], page[1] + page[2]), parameters);
        }
        if (changed) {
            ctx.establishUnitAttentionForOthers(SenseReason.MODE_PARAMETERS_CHANGED);
        }
        return CommandContext.good();
    }

    private static void checkBlockDescriptor(LogicalUnit unit, byte[] p, int at, int length, boolean longLba, boolean ten)
            throws SenseException {
        if (length == 0) {
            return;
        }
        int expected = longLba ? 16 : 8;
        if (length != expected) {
            throw SenseException.invalidParameterField(ten ? 6 : 3);
        }
        long blocks;
        long blockLength;
        if (longLba) {
            blocks = u32(p, at) << 32 | u32(p, at + 4);
            blockLength = u32(p, at + 12);
        } else {
            blocks = u32(p, at);
            blockLength = u32(p, at + 4) & 0xFF_FFFF;
            if (blocks == 0xFFFF_FFFFL && unit.blockCount() > 0xFFFF_FFFFL) {
                blocks = unit.blockCount();
            }
        }
        if (blocks != 0 && blocks != unit.blockCount()) {
            throw SenseException.invalidParameterField(at);
        }
        if (blockLength != unit.blockSize()) {
            throw SenseException.invalidParameterField(longLba ? at + 12 : at + 5);
        }
        if (!longLba && p[at + 4] != 0) {
            throw SenseException.invalidParameterField(at + 4);
        }
        if (longLba && !Arrays.equals(p, at + 8, at + 12, new byte[4], 0, 4)) {
            throw SenseException.invalidParameterField(at + 8);
        }
    }

    private static long u32(byte[] b, int at) {
        return ((long) (b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }
}

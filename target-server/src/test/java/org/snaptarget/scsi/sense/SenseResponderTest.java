package org.snaptarget.scsi.sense;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.snaptarget.scsi.ScsiResponse;

class SenseResponderTest {

    @Test
    void bareReasonIsEighteenBytesFixedFormatWithoutValidOrSksv() {
        byte[] s = SenseResponder.fixedFormat(SenseReason.LBA_OUT_OF_RANGE);
        assertArrayEquals(new byte[] {
            0x70, 0,            // response code 70h (current, fixed), VALID=0; obsolete
            0x05,               // sense key ILLEGAL REQUEST
            0, 0, 0, 0,         // INFORMATION (not valid)
            10,                 // additional sense length
            0, 0, 0, 0,         // command-specific information
            0x21, 0x00,         // ASC/ASCQ LOGICAL BLOCK ADDRESS OUT OF RANGE
            0,                  // FRU code
            0, 0, 0             // sense-key specific: SKSV=0
        }, s);
    }

    @Test
    void informationSetsValidBitAndBigEndianField() {
        byte[] s = SenseResponder.fixedFormat(SenseException.withInformation(SenseReason.MISCOMPARE_DURING_VERIFY_OPERATION, 0x01020304L));
        assertEquals((byte) 0xF0, s[0]);
        assertEquals(0x0E, s[2]);
        assertArrayEquals(new byte[] {1, 2, 3, 4}, java.util.Arrays.copyOfRange(s, 3, 7));
        assertEquals(0x1D, s[12]);
    }

    @Test
    void cdbFieldPointerWithBitSetsSksvCdBpv() {
        byte[] s = SenseResponder.fixedFormat(SenseException.invalidCdbField(0x0102, 6));
        assertEquals((byte) (0x80 | 0x40 | 0x08 | 6), s[15]);
        assertEquals(0x01, s[16]);
        assertEquals(0x02, s[17]);
        assertEquals(0x24, s[12]);
    }

    @Test
    void parameterListFieldPointerHasCdClearAndNoBpvForWholeByte() {
        byte[] s = SenseResponder.fixedFormat(SenseException.invalidParameterField(9));
        assertEquals((byte) 0x80, s[15]);
        assertEquals(9, s[17]);
        assertEquals(0x26, s[12]);
    }

    @Test
    void checkConditionResponseCarriesSenseAndNoData() {
        ScsiResponse r = SenseResponder.checkCondition(SenseReason.WRITE_PROTECTED);
        assertEquals(ScsiResponse.CHECK_CONDITION, r.status());
        assertNull(r.dataIn());
        assertEquals(0x07, r.sense()[2]);
        assertEquals(0x27, r.sense()[12]);
    }

    @Test
    void everyReasonHasADistinctKeyAscAscqTriple() {
        Set<Integer> seen = new HashSet<>();
        for (SenseReason r : SenseReason.values()) {
            int code = (r.senseKey() << 16) | (r.asc() << 8) | r.ascq();
            assertEquals(true, seen.add(code), r + " duplicates another reason");
        }
    }
}

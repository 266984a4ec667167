package org.snaptarget.scsi.spc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import org.snaptarget.scsi.MemoryBlockDevice;
import org.snaptarget.scsi.ScsiResponse;
import org.snaptarget.scsi.TestTarget;
import org.snaptarget.scsi.TestTarget.Outcome;
import org.snaptarget.scsi.sense.SenseException;

/**
 * TransportID lists of SPEC_I_PT registrations against arbitrary and against well-formed input:
 * garbage is refused with ILLEGAL REQUEST and registers nobody; well-formed IDs decode to the names
 * that were encoded.
 */
class TransportIdPropertiesTest {

    @Property(tries = 300)
    void arbitraryTransportIdBytesEitherRegisterOrChangeNothing(@ForAll("garbledLists") byte[] ids) {
        TestTarget target = new TestTarget(Map.of(0L, new MemoryBlockDevice(64)));
        target.clearAttention(TestTarget.NEXUS, 0);
        byte[] list = new byte[28 + ids.length];
        System.arraycopy(PersistentReservationTest.params(0, 0xAAAA, 0x08), 0, list, 0, 24);
        list[26] = (byte) (ids.length >>> 8);
        list[27] = (byte) ids.length;
        System.arraycopy(ids, 0, list, 28, ids.length);
        Outcome o = PersistentReservationTest.prOut(target, TestTarget.NEXUS, 0, 0, list);
        byte[] keys = target.run(0, TestTarget.bytes(0x5E, 0, 0, 0, 0, 0, 0, 4, 0, 0), 1024, null).assertGood().data();
        long registrations = TestTarget.u32(keys, 4) / 8;
        if (o.status() == ScsiResponse.GOOD) {
            assertTrue(registrations >= 1, "the sender is registered");
        } else {
            assertEquals(ScsiResponse.CHECK_CONDITION, o.status());
            assertEquals(5, o.senseKey(), "ILLEGAL REQUEST");
            assertEquals(0, registrations, "a refused list registers nobody");
        }
    }

    @Property(tries = 300)
    void wellFormedTransportIdsDecodeToTheirNames(@ForAll("initiatorNames") List<String> names) throws SenseException {
        ByteArrayOutputStream list = new ByteArrayOutputStream();
        for (String name : names) {
            list.writeBytes(PersistentReserveIn.transportId(name));
        }
        byte[] p = list.toByteArray();
        List<TransportIds.TransportId> ids = TransportIds.decodeList(p, 0, p.length);
        assertEquals(names, ids.stream().map(TransportIds.TransportId::initiatorName).toList());
    }

    @Provide
    Arbitrary<byte[]> garbledLists() {
        Arbitrary<byte[]> valid = initiatorNames().map(names -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            names.forEach(n -> out.writeBytes(PersistentReserveIn.transportId(n)));
            return out.toByteArray();
        });
        return Combinators.combine(valid, Arbitraries.integers().between(0, 400), Arbitraries.bytes())
                .as((bytes, position, value) -> {
                    if (bytes.length > 0) {
                        bytes[position % bytes.length] = value;
                    }
                    return bytes;
                });
    }

    @Provide
    Arbitrary<List<String>> initiatorNames() {
        Arbitrary<String> base = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(20)
                .map(s -> "iqn.2026-11.test:" + s);
        Arbitrary<String> isid = Arbitraries.longs().between(0, 0xFFFF_FFFF_FFFFL).map(v -> String.format("%012x", v));
        Arbitrary<String> port = Combinators.combine(base, isid).as((b, i) -> b + ",i,0x" + i);
        return Arbitraries.oneOf(base, port).list().ofMaxSize(5);
    }
}

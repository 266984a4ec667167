package org.snaptarget.scsi.spc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.snaptarget.scsi.TestTarget.u32;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.snaptarget.scsi.ItNexus;
import org.snaptarget.scsi.MemoryBlockDevice;
import org.snaptarget.scsi.ReservationType;
import org.snaptarget.scsi.ScsiResponse;
import org.snaptarget.scsi.TestTarget;
import org.snaptarget.scsi.TestTarget.Outcome;

/**
 * Which I_T nexuses a registration covers: PERSISTENT RESERVE OUT REGISTER with SPEC_I_PT=1 and
 * TransportIDs of format 00h (an initiator device) and 01h (an initiator port), and ALL_TG_PT=1
 * (every target port), SPC-4 §5.13.7, §6.16.3, §7.6.4.6.
 */
class RegistrationScopeTest {

    private static final String PORT_1 = "iqn.2026-11.org.snaptarget:t,t,0x0001";
    private static final String PORT_2 = "iqn.2026-11.org.snaptarget:t,t,0x0002";
    static final ItNexus A = TestTarget.NEXUS;
    static final ItNexus B = TestTarget.OTHER;
    /** B's initiator with another ISID: a second initiator port of the same device. */
    static final ItNexus B_OTHER_ISID = new ItNexus("iqn.2026-11.test:b,i,0x400001370009", PORT_1, 1);
    /** B's initiator port through the second target port. */
    static final ItNexus B_PORT_2 = new ItNexus(B.initiatorPortName(), PORT_2, 2);
    static final ItNexus C = new ItNexus("iqn.2026-11.test:c,i,0x400001370002", PORT_1, 1);
    static final List<ItNexus> ALL = List.of(A, B, B_OTHER_ISID, B_PORT_2, C);

    private TestTarget target;

    @BeforeEach
    void setUp() {
        target = new TestTarget(Map.of(0L, new MemoryBlockDevice(64)));
        for (ItNexus n : ALL) {
            target.clearAttention(n, 0);
        }
    }

    /** A REGISTER parameter list with SPEC_I_PT=1 and the given TransportIDs. */
    static byte[] specIPtList(long key, long saKey, int flags, byte[]... ids) {
        ByteArrayOutputStream list = new ByteArrayOutputStream();
        list.writeBytes(PersistentReservationTest.params(key, saKey, flags | 0x08));
        int length = 0;
        for (byte[] id : ids) {
            length += id.length;
        }
        list.writeBytes(new byte[] {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length});
        for (byte[] id : ids) {
            list.writeBytes(id);
        }
        return list.toByteArray();
    }

    /** An iSCSI TransportID: format 01h for a port name ({@code name,i,0xISID}), 00h for a bare name. */
    static byte[] transportId(String name) {
        return PersistentReserveIn.transportId(name);
    }

    private Outcome prOut(ItNexus n, int action, int type, byte[] params) {
        return PersistentReservationTest.prOut(target, n, action, type, params);
    }

    private byte[] prIn(ItNexus n, int action) {
        return target.run(n, 0, TestTarget.bytes(0x5E, action, 0, 0, 0, 0, 0, 4, 0, 0), 1024, null).assertGood().data();
    }

    private int generation() {
        return (int) u32(prIn(A, 0), 0);
    }

    private int registrationCount() {
        return (int) u32(prIn(A, 0), 4) / 8;
    }

    /** RESERVE succeeds exactly for a registered nexus with the right key; it is released again at once. */
    private boolean registeredWith(ItNexus n, long key) {
        byte[] reserve = PersistentReservationTest.params(key, 0, 0);
        boolean ok = prOut(n, 1, 0x1, reserve).status() == ScsiResponse.GOOD;
        if (ok) {
            prOut(n, 2, 0x1, reserve).assertGood();
        }
        return ok;
    }

    @Test
    void specIPtRegistersTheNamedInitiatorPortWithTheSender() {
        prOut(A, 0, 0, specIPtList(0, 0xAAAA, 0, transportId(B.initiatorPortName()))).assertGood();
        assertEquals(2, registrationCount());
        assertEquals(1, generation());
        assertTrue(registeredWith(A, 0xAAAA));
        assertTrue(registeredWith(B, 0xAAAA));
        assertTrue(!registeredWith(B_OTHER_ISID, 0xAAAA), "another ISID of B is not B's port");
        assertTrue(!registeredWith(C, 0xAAAA));
    }

    @Test
    void formatZeroTransportIdCoversEveryPortOfTheInitiatorDevice() {
        prOut(A, 0, 0, specIPtList(0, 0xAAAA, 0, transportId(B.initiatorName()))).assertGood();
        assertEquals(2, registrationCount());
        assertTrue(registeredWith(B, 0xAAAA));
        assertTrue(registeredWith(B_OTHER_ISID, 0xAAAA));
        assertTrue(!registeredWith(B_PORT_2, 0xAAAA), "only through the target port the command came through");
        byte[] full = prIn(A, 3);
        int second = 8 + 24 + (int) u32(full, 8 + 20);
        assertEquals(0x05, full[second + 24], "format 00b, iSCSI");
        String name = new String(full, second + 28, (int) u32(full, second + 20) - 4, StandardCharsets.UTF_8).trim();
        assertEquals(B.initiatorName(), name);
    }

    @Test
    void theSenderNamingItsOwnPortAddsNothingMore() {
        prOut(A, 0, 0, specIPtList(0, 0xAAAA, 0, transportId(A.initiatorPortName()))).assertGood();
        assertEquals(1, registrationCount());
    }

    @Test
    void oneBadTransportIdRegistersNobody() {
        byte[] good = transportId(B.initiatorPortName());
        byte[] bad = transportId(C.initiatorPortName());
        bad[0] = 0x46;                                             // protocol 6 (SAS)
        Outcome o = prOut(A, 0, 0, specIPtList(0, 0xAAAA, 0, good, bad)).assertSense(5, 0x26, 0x00);
        assertEquals(28 + good.length, o.parsedSense().fieldPointer(), "points at the bad TransportID");
        assertEquals(0, registrationCount());
        assertEquals(0, generation());
    }

    @Test
    void aTransportIdNamingARegisteredNexusRegistersNobody() {
        prOut(C, 0, 0, PersistentReservationTest.params(0, 0xCCCC, 0)).assertGood();
        byte[] b = transportId(B.initiatorPortName());
        Outcome o = prOut(A, 0, 0, specIPtList(0, 0xAAAA, 0, b, transportId(C.initiatorName()))).assertSense(5, 0x26, 0x00);
        assertEquals(28 + b.length, o.parsedSense().fieldPointer());
        assertEquals(1, registrationCount());
        Outcome twice = prOut(A, 0, 0, specIPtList(0, 0xAAAA, 0, b, b)).assertSense(5, 0x26, 0x00);
        assertEquals(28 + b.length, twice.parsedSense().fieldPointer(), "the same port named twice");
        assertEquals(1, registrationCount());
    }

    @Test
    void malformedTransportIdsAreInvalidFieldsAtTheirBytes() {
        byte[] noIsid = transportId(B.initiatorName());
        noIsid[0] = 0x45;                                          // claims format 01b without ",i,0x"
        assertEquals(28 + 4, prOut(A, 0, 0, specIPtList(0, 1, 0, noIsid)).assertSense(5, 0x26, 0).parsedSense().fieldPointer());
        byte[] format2 = transportId(B.initiatorPortName());
        format2[0] = (byte) 0x85;
        assertEquals(28, prOut(A, 0, 0, specIPtList(0, 1, 0, format2)).assertSense(5, 0x26, 0).parsedSense().fieldPointer());
        byte[] oddLength = transportId(B.initiatorPortName());
        oddLength[3] += 1;
        assertEquals(28 + 2, prOut(A, 0, 0, specIPtList(0, 1, 0, oddLength)).assertSense(5, 0x26, 0).parsedSense().fieldPointer());
        assertEquals(0, registrationCount());
    }

    @Test
    void parameterListLengthMustCoverExactlyTheTransportIds() {
        prOut(A, 0, 0, PersistentReservationTest.params(0, 1, 0x08)).assertSense(5, 0x1A, 0x00);
        byte[] list = specIPtList(0, 1, 0, transportId(B.initiatorPortName()));
        list[27] += 4;
        prOut(A, 0, 0, list).assertSense(5, 0x1A, 0x00);
        prOut(A, 0, 0, specIPtList(0, 1, 0)).assertGood();
        assertEquals(1, registrationCount(), "an empty TransportID list registers the sender alone");
    }

    @Test
    void specIPtIsRefusedOutsideAnUnregisteredRegister() {
        byte[] list = specIPtList(0, 1, 0, transportId(B.initiatorPortName()));
        prOut(A, 6, 0, list).assertInvalidCdbField(1, 4);
        prOut(A, 0, 0, PersistentReservationTest.params(0, 1, 0)).assertGood();
        prOut(A, 1, 1, PersistentReservationTest.params(1, 0, 0x08)).assertSense(5, 0x26, 0x00);
        prOut(A, 0, 0, specIPtList(1, 2, 0, transportId(B.initiatorPortName()))).assertInvalidCdbField(1, 4);
        assertEquals(1, registrationCount());
    }

    @Test
    void allTgPtRegistersTheInitiatorPortThroughEveryTargetPort() {
        prOut(B, 0, 0, PersistentReservationTest.params(0, 0xBBBB, 0x04)).assertGood();
        assertEquals(1, registrationCount());
        assertTrue(registeredWith(B, 0xBBBB));
        assertTrue(registeredWith(B_PORT_2, 0xBBBB));
        assertTrue(!registeredWith(B_OTHER_ISID, 0xBBBB));
        byte[] full = prIn(A, 3);
        assertEquals(0x02, full[8 + 12] & 0x02, "ALL_TG_PT in the full status descriptor");
        prOut(B_PORT_2, 0, 0, PersistentReservationTest.params(0xBBBB, 0, 0x04)).assertGood();
        assertEquals(0, registrationCount(), "unregistering through either port removes the registration");
    }

    @Test
    void allTgPtStaysWithinTheTargetDevice() {
        ItNexus otherTarget = new ItNexus(B.initiatorPortName(), "iqn.2026-11.org.snaptarget:other,t,0x0001", 1);
        target.clearAttention(otherTarget, 0);
        prOut(B, 0, 0, PersistentReservationTest.params(0, 0xBBBB, 0x04)).assertGood();
        assertTrue(!registeredWith(otherTarget, 0xBBBB), "a port of another target is not one of this target's ports");
    }

    @Test
    void withoutAllTgPtTheOtherTargetPortIsNotRegistered() {
        prOut(B, 0, 0, PersistentReservationTest.params(0, 0xBBBB, 0)).assertGood();
        assertTrue(!registeredWith(B_PORT_2, 0xBBBB));
        assertEquals(0, prIn(A, 3)[8 + 12] & 0x02);
        prOut(B, 0, 0, PersistentReservationTest.params(0xBBBB, 0xBBBC, 0x04)).assertSense(5, 0x26, 0x00);
        prOut(B_PORT_2, 0, 0, PersistentReservationTest.params(0, 0xB2B2, 0x04)).assertSense(5, 0x26, 0x00);
        prOut(B_PORT_2, 0, 0, PersistentReservationTest.params(0, 0xB2B2, 0)).assertGood();
        assertEquals(2, registrationCount());
    }

    @Test
    void allTgPtIsIgnoredByTheOtherServiceActions() {
        prOut(A, 0, 0, PersistentReservationTest.params(0, 0xAAAA, 0)).assertGood();
        prOut(A, 1, 0x1, PersistentReservationTest.params(0xAAAA, 0, 0x04)).assertGood();
        prOut(A, 2, 0x1, PersistentReservationTest.params(0xAAAA, 0, 0x04)).assertGood();
    }

    @Test
    void preemptingADeviceRegistrationTellsEveryPortItCovered() {
        prOut(A, 0, 0, PersistentReservationTest.params(0, 0xAAAA, 0)).assertGood();
        prOut(A, 0, 0, specIPtList(0xAAAA, 0, 0)).assertInvalidCdbField(1, 4);
        prOut(C, 0, 0, specIPtList(0, 0xCCCC, 0, transportId(B.initiatorName()))).assertGood();
        prOut(A, 4, 0x1, PersistentReservationTest.params(0xAAAA, 0xCCCC, 0)).assertGood();
        for (ItNexus n : List.of(B, B_OTHER_ISID, C)) {
            target.runAs(n, 0, 0, 0, 0, 0, 0, 0).assertSense(6, 0x2A, 0x05);
        }
        target.runAs(B_PORT_2, 0, 0, 0, 0, 0, 0, 0).assertGood();
        assertEquals(1, registrationCount());
    }

    @Test
    void reportCapabilitiesAdvertisesSipCAndAtpC() {
        byte[] d = prIn(A, 2);
        assertEquals(0x08, d[2] & 0x08, "SIP_C");
        assertEquals(0x04, d[2] & 0x04, "ATP_C");
    }

    /** How B comes to be registered in the generated conflict table. */
    enum Registration {
        /** B registers itself. */
        DIRECT(Set.of(B)),
        /** A names B's initiator port in a SPEC_I_PT list (format 01h). */
        SPECIFIED_PORT(Set.of(B)),
        /** A names B's initiator device in a SPEC_I_PT list (format 00h): every ISID of B. */
        SPECIFIED_DEVICE(Set.of(B, B_OTHER_ISID)),
        /** B registers itself with ALL_TG_PT=1: B's port through both target ports. */
        ALL_TARGET_PORTS(Set.of(B, B_PORT_2));

        final Set<ItNexus> covered;

        Registration(Set<ItNexus> covered) {
            this.covered = covered;
        }
    }

    static Stream<Arguments> typesAndRegistrations() {
        List<Arguments> cases = new ArrayList<>();
        for (int type : new int[] {1, 3, 5, 6, 7, 8}) {
            for (Registration r : Registration.values()) {
                cases.add(Arguments.of(type, r));
            }
        }
        return cases.stream();
    }

    /**
     * The SPC-4 §5.13.1 conflict table, generated for every type and every way B can be registered:
     * READ(10) and WRITE(10) from the holder A, from each nexus B's registration covers, from the
     * nexuses it does not cover, and from the unregistered C.
     */
    @ParameterizedTest
    @MethodSource("typesAndRegistrations")
    void conflictTableForEveryTypeAndRegistrationScope(int typeCode, Registration registration) {
        ReservationType type = ReservationType.of(typeCode);
        long keyOfB = switch (registration) {
            case DIRECT -> {
                prOut(A, 0, 0, PersistentReservationTest.params(0, 0xAAAA, 0)).assertGood();
                prOut(B, 0, 0, PersistentReservationTest.params(0, 0xBBBB, 0)).assertGood();
                yield 0xBBBB;
            }
            case SPECIFIED_PORT -> {
                prOut(A, 0, 0, specIPtList(0, 0xAAAA, 0, transportId(B.initiatorPortName()))).assertGood();
                yield 0xAAAA;
            }
            case SPECIFIED_DEVICE -> {
                prOut(A, 0, 0, specIPtList(0, 0xAAAA, 0, transportId(B.initiatorName()))).assertGood();
                yield 0xAAAA;
            }
            case ALL_TARGET_PORTS -> {
                prOut(A, 0, 0, PersistentReservationTest.params(0, 0xAAAA, 0)).assertGood();
                prOut(B, 0, 0, PersistentReservationTest.params(0, 0xBBBB, 0x04)).assertGood();
                yield 0xBBBB;
            }
        };
        prOut(A, 1, typeCode, PersistentReservationTest.params(0xAAAA, 0, 0)).assertGood();
        for (ItNexus n : ALL) {
            boolean registered = n == A || registration.covered.contains(n);
            boolean holder = n == A || (type.allRegistrants() && registered);
            boolean mayWrite = holder || (type.registrantsHaveAccess() && registered);
            boolean mayRead = mayWrite || !type.exclusiveAccess();
            int read = target.run(n, 0, TestTarget.cdb10(0x28, 0, 0, 1), 512, null).status();
            int write = target.run(n, 0, TestTarget.cdb10(0x2A, 0, 0, 1), 512, new byte[512]).status();
            String what = type + " with B registered " + registration + ", from " + n.initiatorPortName() + " via "
                    + n.targetPortName();
            assertEquals(mayRead ? ScsiResponse.GOOD : ScsiResponse.RESERVATION_CONFLICT, read, "read: " + what);
            assertEquals(mayWrite ? ScsiResponse.GOOD : ScsiResponse.RESERVATION_CONFLICT, write, "write: " + what);
        }
        byte[] keys = prIn(A, 0);
        assertEquals(16, u32(keys, 4), "one registration for A, one for B whatever its scope");
        assertEquals(List.of(0xAAAAL, keyOfB), List.of(u32(keys, 12), u32(keys, 20)));
    }
}

package org.snaptarget.scsi.spc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.snaptarget.scsi.TestTarget.u32;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.snaptarget.lun.FileBlockDevice;
import org.snaptarget.scsi.ItNexus;
import org.snaptarget.scsi.MemoryBlockDevice;
import org.snaptarget.scsi.ReservationType;
import org.snaptarget.scsi.ScsiResponse;
import org.snaptarget.scsi.StorageExecutor;
import org.snaptarget.scsi.TestTarget;
import org.snaptarget.scsi.TestTarget.Outcome;

class PersistentReservationTest {

    static final ItNexus A = TestTarget.NEXUS;
    static final ItNexus B = TestTarget.OTHER;
    static final ItNexus C = new ItNexus("iqn.2026-11.test:c,i,0x400001370002", "iqn.2026-11.org.snaptarget:t,t,0x0001", 1);

    private TestTarget target;

    @BeforeEach
    void setUp() {
        target = new TestTarget(Map.of(0L, new MemoryBlockDevice(64)));
        for (ItNexus n : new ItNexus[] {A, B, C}) {
            target.clearAttention(n, 0);
        }
    }

    static byte[] params(long key, long saKey, int flags) {
        byte[] p = new byte[24];
        for (int i = 0; i < 8; i++) {
            p[i] = (byte) (key >>> (56 - 8 * i));
            p[8 + i] = (byte) (saKey >>> (56 - 8 * i));
        }
        p[20] = (byte) flags;
        return p;
    }

    static Outcome prOut(TestTarget t, ItNexus n, int action, int type, byte[] params) {
        byte[] cdb = TestTarget.bytes(0x5F, action, type, 0, 0, 0, 0, 0, params.length, 0);
        return t.run(n, 0, cdb, params.length, params);
    }

    private Outcome prOut(ItNexus n, int action, int type, long key, long saKey) {
        return prOut(target, n, action, type, params(key, saKey, 0));
    }

    private byte[] prIn(ItNexus n, int action) {
        return target.run(n, 0, TestTarget.bytes(0x5E, action, 0, 0, 0, 0, 0, 4, 0, 0), 1024, null).assertGood().data();
    }

    private int status(Outcome o) {
        return o.status();
    }

    @Test
    void registerReadKeysAndGenerationCounting() {
        prOut(A, 0, 0, 0, 0xAAAA).assertGood();
        prOut(B, 0, 0, 0, 0xBBBB).assertGood();
        byte[] keys = prIn(A, 0);
        assertEquals(2, u32(keys, 0), "generation");
        assertEquals(16, u32(keys, 4));
        assertEquals(0xAAAA, u32(keys, 12));
        assertEquals(0xBBBB, u32(keys, 20));
        prOut(A, 1, 0x1, 0xAAAA, 0).assertGood();
        assertEquals(2, u32(prIn(A, 0), 0), "RESERVE does not count");
    }

    @Test
    void registerWithWrongKeyConflictsAndUnregisterWithZero() {
        prOut(A, 0, 0, 0, 0xAAAA).assertGood();
        assertEquals(ScsiResponse.RESERVATION_CONFLICT, status(prOut(A, 0, 0, 0x1234, 0xCCCC)));
        assertEquals(ScsiResponse.RESERVATION_CONFLICT, status(prOut(B, 0, 0, 0x1234, 0xCCCC)));
        prOut(A, 6, 0, 0x9999, 0xCCCC).assertGood();                     // register and ignore existing key
        assertEquals(0xCCCC, u32(prIn(A, 0), 12));
        prOut(A, 0, 0, 0xCCCC, 0).assertGood();
        assertEquals(0, u32(prIn(A, 0), 4));
    }

    @Test
    void readReservationReportsHolderKeyAndType() {
        prOut(A, 0, 0, 0, 0xAAAA).assertGood();
        assertEquals(0, u32(prIn(A, 1), 4));
        prOut(A, 1, 0x5, 0xAAAA, 0).assertGood();
        byte[] r = prIn(B, 1);
        assertEquals(16, u32(r, 4));
        assertEquals(0xAAAA, u32(r, 12));
        assertEquals(0x05, r[21]);
    }

    @Test
    void reserveNeedsRegistrationAndAnotherHolderConflicts() {
        assertEquals(ScsiResponse.RESERVATION_CONFLICT, status(prOut(A, 1, 0x1, 0, 0)));
        prOut(A, 0, 0, 0, 0xAAAA).assertGood();
        prOut(B, 0, 0, 0, 0xBBBB).assertGood();
        prOut(A, 1, 0x3, 0xAAAA, 0).assertGood();
        prOut(A, 1, 0x3, 0xAAAA, 0).assertGood();
        assertEquals(ScsiResponse.RESERVATION_CONFLICT, status(prOut(A, 1, 0x1, 0xAAAA, 0)));
        assertEquals(ScsiResponse.RESERVATION_CONFLICT, status(prOut(B, 1, 0x3, 0xBBBB, 0)));
    }

    @Test
    void invalidScopeAndTypeAreInvalidCdbFields() {
        prOut(A, 0, 0, 0, 0xAAAA).assertGood();
        prOut(A, 1, 0x11, 0xAAAA, 0).assertInvalidCdbField(2, 7);
        prOut(A, 1, 0x02, 0xAAAA, 0).assertInvalidCdbField(2, 3);
        prOut(A, 8, 0x01, 0xAAAA, 0).assertInvalidCdbField(1, 4);
    }

    @Test
    void parameterListChecks() {
        target.run(A, 0, TestTarget.bytes(0x5F, 0, 0, 0, 0, 0, 0, 0, 20, 0), 20, new byte[20]).assertSense(5, 0x1A, 0);
        prOut(target, A, 0, 0, params(0, 1, 0x08)).assertSense(5, 0x1A, 0);     // SPEC_I_PT without its TransportID list
        prOut(target, A, 0, 0, params(0, 1, 0x01)).assertSense(5, 0x26, 0);   // memory device cannot persist
    }

    @Test
    void releaseWithWrongTypeIsInvalidRelease() {
        prOut(A, 0, 0, 0, 0xAAAA).assertGood();
        prOut(A, 1, 0x1, 0xAAAA, 0).assertGood();
        prOut(A, 2, 0x3, 0xAAAA, 0).assertSense(5, 0x26, 0x04);
        prOut(A, 2, 0x1, 0xAAAA, 0).assertGood();
        assertEquals(0, u32(prIn(A, 1), 4));
    }

    @Test
    void releaseOfRegistrantsOnlyReservationNotifiesOtherRegistrants() {
        prOut(A, 0, 0, 0, 0xAAAA).assertGood();
        prOut(B, 0, 0, 0, 0xBBBB).assertGood();
        prOut(A, 1, 0x5, 0xAAAA, 0).assertGood();
        prOut(A, 2, 0x5, 0xAAAA, 0).assertGood();
        target.runAs(B, 0, 0, 0, 0, 0, 0, 0).assertSense(6, 0x2A, 0x04);
    }

    @Test
    void clearRemovesEverythingAndNotifiesOthers() {
        prOut(A, 0, 0, 0, 0xAAAA).assertGood();
        prOut(B, 0, 0, 0, 0xBBBB).assertGood();
        prOut(A, 1, 0x1, 0xAAAA, 0).assertGood();
        prOut(B, 3, 0, 0xBBBB, 0).assertGood();
        byte[] keys = prIn(B, 0);
        assertEquals(0, u32(keys, 4));
        assertEquals(3, u32(keys, 0));
        target.runAs(A, 0, 0, 0, 0, 0, 0, 0).assertSense(6, 0x2A, 0x03);
    }

    @Test
    void preemptTakesOverTheReservationAndRemovesTheHolder() {
        prOut(A, 0, 0, 0, 0xAAAA).assertGood();
        prOut(B, 0, 0, 0, 0xBBBB).assertGood();
        prOut(A, 1, 0x3, 0xAAAA, 0).assertGood();
        prOut(B, 4, 0x1, 0xBBBB, 0xAAAA).assertGood();
        byte[] r = prIn(B, 1);
        assertEquals(0xBBBB, u32(r, 12));
        assertEquals(0x01, r[21]);
        assertEquals(8, u32(prIn(B, 0), 4), "only B is registered");
        target.runAs(A, 0, 0, 0, 0, 0, 0, 0).assertSense(6, 0x2A, 0x05);
    }

    @Test
    void preemptOfAnUnknownKeyWithoutReservationConflictsAndZeroKeyNeedsAllRegistrants() {
        prOut(A, 0, 0, 0, 0xAAAA).assertGood();
        assertEquals(ScsiResponse.RESERVATION_CONFLICT, status(prOut(A, 4, 0x1, 0xAAAA, 0x7777)));
        prOut(A, 4, 0x1, 0xAAAA, 0).assertSense(5, 0x26, 0);
    }

    @Test
    void preemptWithZeroKeyUnderAllRegistrantsRemovesEveryoneElse() {
        prOut(A, 0, 0, 0, 0xAAAA).assertGood();
        prOut(B, 0, 0, 0, 0xBBBB).assertGood();
        prOut(C, 0, 0, 0, 0xCCCC).assertGood();
        prOut(B, 1, 0x7, 0xBBBB, 0).assertGood();
        prOut(A, 4, 0x3, 0xAAAA, 0).assertGood();
        byte[] r = prIn(A, 1);
        assertEquals(0x03, r[21]);
        assertEquals(8, u32(prIn(A, 0), 4));
    }

    @Test
    void unregisteringTheLastAllRegistrantsHolderReleases() {
        prOut(A, 0, 0, 0, 0xAAAA).assertGood();
        prOut(B, 0, 0, 0, 0xBBBB).assertGood();
        prOut(A, 1, 0x8, 0xAAAA, 0).assertGood();
        prOut(A, 0, 0, 0xAAAA, 0).assertGood();
        assertEquals(16, u32(prIn(B, 1), 4), "B still holds an all-registrants reservation");
        target.run(B, 0, TestTarget.cdb10(0x28, 0, 0, 1), 512, null).assertGood();
        prOut(B, 0, 0, 0xBBBB, 0).assertGood();
        assertEquals(0, u32(prIn(B, 1), 4));
    }

    /**
     * The SPC-4 §5.13.1 conflict table, generated: for every type, READ(10) and WRITE(10) from the
     * holder, from a registered non-holder and from an unregistered nexus.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 3, 5, 6, 7, 8})
    void conflictTableForEveryType(int typeCode) {
        ReservationType type = ReservationType.of(typeCode);
        prOut(A, 0, 0, 0, 0xAAAA).assertGood();
        prOut(B, 0, 0, 0, 0xBBBB).assertGood();
        prOut(A, 1, typeCode, 0xAAAA, 0).assertGood();
        for (ItNexus n : new ItNexus[] {A, B, C}) {
            boolean holder = n == A || (type.allRegistrants() && n == B);
            boolean registered = n != C;
            boolean mayWrite = holder || (type.registrantsHaveAccess() && registered);
            boolean mayRead = mayWrite || !type.exclusiveAccess();
            int read = target.run(n, 0, TestTarget.cdb10(0x28, 0, 0, 1), 512, null).status();
            int write = target.run(n, 0, TestTarget.cdb10(0x2A, 0, 0, 1), 512, new byte[512]).status();
            assertEquals(mayRead ? ScsiResponse.GOOD : ScsiResponse.RESERVATION_CONFLICT, read, type + " read from " + n);
            assertEquals(mayWrite ? ScsiResponse.GOOD : ScsiResponse.RESERVATION_CONFLICT, write, type + " write from " + n);
            target.runAs(n, 0, 0x12, 0, 0, 0, 36, 0).assertGood();
            target.runAs(n, 0, 0, 0, 0, 0, 0, 0).assertGood();
            target.runAs(n, 0, 0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0).assertGood();
        }
    }

    @Test
    void reportCapabilitiesAdvertisesTypesAndPersistence() {
        byte[] d = prIn(A, 2);
        assertEquals(8, d[1]);
        assertEquals(0x1C, d[2] & 0xFF, "CRH, SIP_C, ATP_C, no PTPL_C on a memory device");
        assertEquals(0x80, d[3] & 0xFF, "TMV");
        assertEquals(0xEA, d[4] & 0xFF);
        assertEquals(0x01, d[5]);
    }

    @Test
    void readFullStatusListsTransportIdsAndHolder() {
        prOut(A, 0, 0, 0, 0xAAAA).assertGood();
        prOut(A, 1, 0x1, 0xAAAA, 0).assertGood();
        byte[] d = prIn(A, 3);
        assertEquals(0xAAAA, u32(d, 12));
        assertEquals(0x01, d[8 + 12], "R_HOLDER");
        assertEquals(0x01, d[8 + 13]);
        int idLength = (int) u32(d, 8 + 20);
        assertEquals(0x45, d[8 + 24], "format 01b, iSCSI");
        String name = new String(d, 8 + 28, idLength - 4, java.nio.charset.StandardCharsets.UTF_8).trim();
        assertTrue(name.startsWith(A.initiatorPortName()), name);
        assertEquals(d.length - 8, u32(d, 4));
    }

    @Test
    void registerAndMoveHandsTheReservationToAnotherInitiatorPort() {
        prOut(A, 0, 0, 0, 0xAAAA).assertGood();
        prOut(A, 1, 0x1, 0xAAAA, 0).assertGood();
        byte[] id = PersistentReserveIn.transportId(B.initiatorPortName());
        byte[] p = new byte[24 + id.length];
        System.arraycopy(params(0xAAAA, 0xBBBB, 0), 0, p, 0, 16);
        p[17] = 0x02;                                             // UNREG
        p[19] = 1;                                                // relative target port 1
        p[23] = (byte) id.length;
        System.arraycopy(id, 0, p, 24, id.length);
        prOut(target, A, 7, 0x1, p).assertGood();
        byte[] r = prIn(B, 1);
        assertEquals(0xBBBB, u32(r, 12));
        assertEquals(8, u32(prIn(B, 0), 4), "A unregistered");
        target.run(B, 0, TestTarget.cdb10(0x2A, 0, 0, 1), 512, new byte[512]).assertGood();
    }

    @Test
    void spc2ReserveConflictsForOthersUntilReleasedOrReset() {
        target.runAs(A, 0, 0x16, 0, 0, 0, 0, 0).assertGood();
        assertEquals(ScsiResponse.RESERVATION_CONFLICT, target.runAs(B, 0, 0, 0, 0, 0, 0, 0).status());
        assertEquals(ScsiResponse.RESERVATION_CONFLICT, target.runAs(B, 0, 0x16, 0, 0, 0, 0, 0).status());
        target.runAs(B, 0, 0x12, 0, 0, 0, 36, 0).assertGood();
        target.runAs(B, 0, 0x17, 0, 0, 0, 0, 0).assertGood();                  // no effect from B
        assertEquals(ScsiResponse.RESERVATION_CONFLICT, target.runAs(B, 0, 0, 0, 0, 0, 0, 0).status());
        target.runAs(A, 0, 0, 0, 0, 0, 0, 0).assertGood();
        target.runAs(A, 0, 0x57, 0, 0, 0, 0, 0, 0, 0, 0, 0).assertGood();       // RELEASE(10)
        target.runAs(B, 0, 0, 0, 0, 0, 0, 0).assertGood();
        target.runAs(B, 0, 0x56, 0, 0, 0, 0, 0, 0, 0, 0, 0).assertGood();       // RESERVE(10)
        target.device.taskManagement(A, org.snaptarget.scsi.TaskManagementFunction.LOGICAL_UNIT_RESET, 0, 0, r -> { });
        target.runAs(A, 0, 0, 0, 0, 0, 0, 0).assertSense(6, 0x29, 0x03);
        target.runAs(A, 0, 0, 0, 0, 0, 0, 0).assertGood();
    }

    @Test
    void spc2ReserveConflictsWithAPersistentReservation() {
        prOut(A, 0, 0, 0, 0xAAAA).assertGood();
        prOut(A, 1, 0x1, 0xAAAA, 0).assertGood();
        assertEquals(ScsiResponse.RESERVATION_CONFLICT, target.runAs(A, 0, 0x16, 0, 0, 0, 0, 0).status());
    }

    @TempDir
    Path dir;

    @Test
    void aptplStateSurvivesRestartAndIsDroppedWhenTurnedOff() throws Exception {
        Path file = dir.resolve("lun0.img");
        try (StorageExecutor pool = new StorageExecutor(1, 16);
             FileBlockDevice device = new FileBlockDevice(file, 1 << 20)) {
            TestTarget t = new TestTarget(Map.of(0L, device));
            t.clearAttention(A, 0);
            t.clearAttention(B, 0);
            prOut(t, A, 0, 0, params(0, 0xAAAA, 0x01)).assertGood();
            prOut(t, B, 0, 0, params(0, 0xBBBB, 0x01)).assertGood();
            prOut(t, A, 1, 0x6, params(0xAAAA, 0, 0)).assertGood();
        }
        assertTrue(Files.exists(dir.resolve("lun0.img.pr")));
        try (FileBlockDevice device = new FileBlockDevice(file, 1 << 20)) {
            TestTarget t = new TestTarget(Map.of(0L, device));
            t.clearAttention(A, 0);
            t.clearAttention(C, 0);
            byte[] r = t.run(C, 0, TestTarget.bytes(0x5E, 1, 0, 0, 0, 0, 0, 1, 0, 0), 256, null).assertGood().data();
            assertEquals(0xAAAA, u32(r, 12));
            assertEquals(0x06, r[21]);
            assertEquals(2, u32(r, 0), "generation survives");
            byte[] caps = t.run(C, 0, TestTarget.bytes(0x5E, 2, 0, 0, 0, 0, 0, 1, 0, 0), 256, null).assertGood().data();
            assertEquals(0x1D, caps[2] & 0xFF, "CRH + SIP_C + ATP_C + PTPL_C");
            assertEquals(0x81, caps[3] & 0xFF, "TMV + PTPL_A");
            assertEquals(ScsiResponse.RESERVATION_CONFLICT,
                    t.run(C, 0, TestTarget.cdb10(0x28, 0, 0, 1), 512, null).status(), "the reservation is enforced after restart");
            prOut(t, A, 0, 0, params(0xAAAA, 0xAAAA, 0x00)).assertGood();
        }
        assertTrue(Files.notExists(dir.resolve("lun0.img.pr")), "APTPL=0 removes the persisted state");
    }

    @Test
    void corruptReservationFileIsAnErrorNotAnEmptyState() throws Exception {
        Path file = dir.resolve("lun1.img");
        Files.writeString(dir.resolve("lun1.img.pr"), "version=1\ngeneration=x\n");
        try (FileBlockDevice device = new FileBlockDevice(file, 1 << 20)) {
            java.io.UncheckedIOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.UncheckedIOException.class,
                    () -> new TestTarget(Map.of(0L, device)));
            assertTrue(e.getCause().getMessage().contains("lun1.img.pr"), e.getCause().getMessage());
        }
    }
}

package org.snaptarget.scsi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The APTPL reservation file: every version it ever wrote is read, and ALL_TG_PT survives a round trip. */
class ReservationFileTest {

    private static final String PORT_1 = "iqn.2026-11.org.snaptarget:t,t,0x0001";

    @TempDir
    Path dir;

    @Test
    void versionOneFileIsReadWithRegistrationsThroughOneTargetPort() throws IOException {
        Path file = dir.resolve("lun.pr");
        Files.writeString(file, """
                version=1
                generation=7
                registrations=1
                reg.0.key=000000000000aaaa
                reg.0.initiator=iqn.2026-11.test\\:a,i,0x400001370000
                reg.0.target=iqn.2026-11.org.snaptarget\\:t,t,0x0001
                reg.0.port=1
                holder=0
                type=1
                """);
        ReservationState s = ReservationFile.load(file);
        assertEquals(7, s.generation());
        assertTrue(s.aptpl());
        ItNexus a = new ItNexus("iqn.2026-11.test:a,i,0x400001370000", PORT_1, 1);
        assertEquals(0xAAAAL, s.keyOf(a));
        assertTrue(s.isHolder(a));
        assertTrue(s.allTargetPorts().isEmpty());
        assertEquals(null, s.keyOf(new ItNexus(a.initiatorPortName(), "iqn.2026-11.org.snaptarget:t,t,0x0002", 2)));
    }

    @Test
    void allTargetPortsAndDeviceRegistrationsSurviveARoundTrip() throws IOException {
        Path file = dir.resolve("lun.pr");
        ItNexus a = new ItNexus("iqn.2026-11.test:a,i,0x400001370000", PORT_1, 1);
        ItNexus bDevice = new ItNexus("iqn.2026-11.test:b", PORT_1, 1);
        Map<ItNexus, Long> regs = new LinkedHashMap<>();
        regs.put(a, 0xAAAAL);
        regs.put(bDevice, 0xBBBBL);
        ReservationState written = new ReservationState(3, regs, bDevice, ReservationType.of(3), true, Set.of(a));
        ReservationFile.store(file, written);
        assertTrue(Files.readString(file).contains("version=2"));
        ReservationState read = ReservationFile.load(file);
        assertEquals(written, read);
        ItNexus bOtherIsid = new ItNexus("iqn.2026-11.test:b,i,0x400001370009", PORT_1, 1);
        assertTrue(read.isHolder(bOtherIsid), "the device registration covers every ISID of b");
        assertEquals(0xAAAAL, read.keyOf(new ItNexus(a.initiatorPortName(), "iqn.2026-11.org.snaptarget:t,t,0x0002", 2)));
    }

    @Test
    void aVersionFromTheFutureIsRefused() throws IOException {
        Path file = dir.resolve("lun.pr");
        Files.writeString(file, "version=3\ngeneration=0\nregistrations=0\n");
        IOException e = assertThrows(IOException.class, () -> ReservationFile.load(file));
        assertTrue(e.getMessage().contains("version"), e.getMessage());
    }
}

package org.snaptarget.lun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snaptarget.scsi.DeviceIdentity;
import org.snaptarget.store.SnapshotId;

/** identities.json: one stable identity per (pool, snapshot id), never reused, never silently replaced. */
class LunIdentitiesTest {

    @TempDir
    Path dir;

    @Test
    void identitiesAreStableAcrossReloadsAndDistinctPerDevice() throws IOException {
        LunIdentities ids = LunIdentities.load(dir);
        DeviceIdentity origin = ids.identityOf("p", SnapshotId.ORIGIN);
        DeviceIdentity snap = ids.identityOf("p", new SnapshotId(0x0000_0001_FFFF_FFFFL));
        DeviceIdentity otherPool = ids.identityOf("q", SnapshotId.ORIGIN);
        assertEquals(origin, ids.identityOf("p", SnapshotId.ORIGIN));
        Set<Long> naas = new HashSet<>(Set.of(origin.naa(), snap.naa(), otherPool.naa()));
        assertEquals(3, naas.size());
        assertTrue(origin.naaHex().startsWith("5"), "NAA IEEE Registered");
        LunIdentities reloaded = LunIdentities.load(dir);
        assertEquals(origin, reloaded.identityOf("p", SnapshotId.ORIGIN));
        assertEquals(snap, reloaded.identityOf("p", new SnapshotId(0x0000_0001_FFFF_FFFFL)));
        assertNotEquals(snap, reloaded.identityOf("p", new SnapshotId(0x0000_0002_FFFF_FFFFL)));
        try (var files = Files.list(dir)) {
            assertEquals(Set.of(LunIdentities.FILE_NAME), files.map(f -> f.getFileName().toString())
                    .collect(java.util.stream.Collectors.toSet()), "no temporary file left behind");
        }
    }

    @Test
    void aMalformedFileIsAnErrorNamingItNotAFreshStart() throws IOException {
        Path file = dir.resolve(LunIdentities.FILE_NAME);
        Files.writeString(file, "{\"version\":1,\"identities\":[{\"pool\":\"p\",\"id\":\"xyz\",\"naa\":\"5d7a060000000001\","
                + "\"serial\":\"s\"}]}");
        IOException e = assertThrows(IOException.class, () -> LunIdentities.load(dir));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("id"), e.getMessage());
        Files.writeString(file, "{\"version\":1,");
        assertTrue(assertThrows(IOException.class, () -> LunIdentities.load(dir)).getMessage().contains("malformed"));
        Files.writeString(file, "{\"version\":2,\"identities\":[]}");
        assertTrue(assertThrows(IOException.class, () -> LunIdentities.load(dir)).getMessage().contains("version 2"));
    }
}

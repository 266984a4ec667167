package org.snaptarget.server.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snaptarget.config.LunSpec;

/** runtime-state.json: what run-time changes it records and how it reads back. */
class RuntimeStateTest {

    static final LunSpec ORIGIN_0 = new LunSpec(0, "p", Optional.empty(), false);

    @TempDir
    Path dir;

    @Test
    void changesRoundTripThroughTheFile() throws IOException {
        RuntimeState s = RuntimeState.empty()
                .withAdded(new RuntimeState.AddedLun("IQN.2026-11.A:B", 3, "p", "snap", true))
                .withRemoved("iqn.2026-11.a:b", 0, ORIGIN_0)
                .withScheduled("p", "auto-20261125-100000", true);
        Path file = dir.resolve(RuntimeState.FILE_NAME);
        s.save(file);
        RuntimeState back = RuntimeState.load(file);
        assertEquals(s, back);
        assertEquals("iqn.2026-11.a:b", back.added().get(0).target(), "targets kept in canonical case");
        assertTrue(back.isRemoved("iqn.2026-11.a:b", ORIGIN_0));
        assertFalse(back.isRemoved("iqn.2026-11.a:b", new LunSpec(0, "p", Optional.of("other"), false)),
                "a different LUN edited into the file under that number is not the removed one");
        assertEquals(Set.of("auto-20261125-100000"), back.scheduledIn("p"));
    }

    @Test
    void removingAnAddedLunForgetsItAndRemovingAConfigLunRecordsIt() {
        RuntimeState s = RuntimeState.empty().withAdded(new RuntimeState.AddedLun("t", 5, "p", null, false));
        RuntimeState gone = s.withRemoved("t", 5, null);
        assertEquals(List.of(), gone.added());
        assertEquals(List.of(), gone.removed());
        RuntimeState config = RuntimeState.empty().withRemoved("t", 0, ORIGIN_0).withRemoved("t", 0, ORIGIN_0);
        assertEquals(List.of(new RuntimeState.RemovedLun("t", 0, "p", null)), config.removed());
        RuntimeState readded = config.withAdded(new RuntimeState.AddedLun("t", 0, "p", "s", false));
        assertTrue(readded.isRemoved("t", ORIGIN_0), "the configuration's LUN 0 stays removed");
        assertEquals(1, readded.added().size(), "the new LUN 0 replaces it");
        assertFalse(readded.withScheduled("p", "x", true).withScheduled("p", "x", false).scheduledIn("p").contains("x"));
    }

    @Test
    void anAbsentFileIsTheEmptyStateAndAMalformedOneAnError() throws IOException {
        Path file = dir.resolve(RuntimeState.FILE_NAME);
        assertEquals(RuntimeState.empty(), RuntimeState.load(file));
        Files.writeString(file, "{\"version\":1,\"added\":[{\"target\":\"t\",\"lun\":\"x\"}]}");
        IOException e = assertThrows(IOException.class, () -> RuntimeState.load(file));
        assertTrue(e.getMessage().startsWith(file + ": malformed runtime state"), e.getMessage());
        Files.writeString(file, "{\"version\":1,\"surprise\":true}");
        assertThrows(IOException.class, () -> RuntimeState.load(file));
    }
}

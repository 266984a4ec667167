package org.snaptarget.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.snaptarget.admin.AdminJson;
import org.snaptarget.admin.LunView;
import org.snaptarget.admin.SnapshotView;
import org.snaptarget.admin.StatusView;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@link AnswerJson} reads exactly what the server's mapper ({@link AdminJson}) writes: every view
 * record survives the trip with every component set, so a component added to a view without a way
 * to read it fails here.
 */
class AnswerJsonTest {

    private static final SnapshotView SNAPSHOT = new SnapshotView("vm1", "n\u00e4me \"quoted\"\n", "17", "parent",
            Instant.parse("2026-11-25T12:00:00.123456789Z"), true, 9_000_000_000L, true,
            List.of("iqn.2026-11.org.snaptarget:vm1/3", "iqn.x:y/4"));

    private static final LunView LUN = new LunView("iqn.2026-11.org.snaptarget:vm1", 255, "vm1", "s\u00fc", true,
            "600000000001c85a0000000000000001", "ST0");

    @Test
    void aSnapshotViewSurvivesTheTrip() throws IOException {
        assertEquals(SNAPSHOT, AnswerJson.read(AdminJson.write(SNAPSHOT), SnapshotView.class));
    }

    @Test
    void aListOfSnapshotViewsSurvivesTheTrip() throws IOException {
        SnapshotView origin = new SnapshotView("vm1", "a", "1", null, Instant.EPOCH, false, 0, false, List.of());
        List<SnapshotView> list = List.of(SNAPSHOT, origin);
        assertEquals(list, AnswerJson.readList(AdminJson.write(list), SnapshotView.class));
        assertEquals(List.of(), AnswerJson.readList("[]", SnapshotView.class));
    }

    @Test
    void aLunViewSurvivesTheTrip() throws IOException {
        assertEquals(LUN, AnswerJson.read(AdminJson.write(LUN), LunView.class));
    }

    @Test
    void aStatusViewWithNestedRecordsSurvivesTheTrip() throws IOException {
        StatusView status = new StatusView(
                List.of(new StatusView.SessionView("iqn.1993-08.org.debian:01:host1", "400001370000",
                        "iqn.2026-11.org.snaptarget:vm1", "[::1]:40000", 65535, "Normal")),
                List.of(LUN, new LunView("t", 0, "p", null, false, "6000", "ST1")),
                List.of(new StatusView.PoolView("vm1", 65536, 1L << 40, 2L << 40, 768L << 20, 1L << 30, 80, true,
                        2_000_000, 42L << 32, 123_456_789_012L, true, 99L << 33,
                        new StatusView.PauseView(1000, 1001, 2, 454_310_000L, 254_440_000L))));
        assertEquals(status, AnswerJson.read(AdminJson.write(status), StatusView.class));
    }

    @Test
    void unknownFieldsAreSkippedAndAbsentOnesTakeTheirDefaults() throws IOException {
        LunView lun = AnswerJson.read("{\"future\":{\"a\":[1,{\"b\":null}]},\"target\":\"t\",\"lun\":3,"
                + "\"extra\":[\"x\"],\"snapshot\":null}", LunView.class);
        assertEquals(new LunView("t", 3, null, null, false, null, null), lun);
    }

    @Test
    void aValueOfTheWrongKindNamesItsField() {
        IOException e = assertThrows(IOException.class,
                () -> AnswerJson.read("{\"lun\":\"three\"}", LunView.class));
        assertEquals("LunView.lun: expected a whole number, found VALUE_STRING", e.getMessage());
        IOException nested = assertThrows(IOException.class, () -> AnswerJson.read(
                "{\"pools\":[{\"name\":\"p\",\"readOnly\":1}]}", StatusView.class));
        assertEquals("StatusView.pools[0].readOnly: expected true or false, found VALUE_NUMBER_INT", nested.getMessage());
        IOException instant = assertThrows(IOException.class,
                () -> AnswerJson.read("{\"created\":\"yesterday\"}", SnapshotView.class));
        assertEquals("SnapshotView.created: not an ISO-8601 instant: 'yesterday'", instant.getMessage());
    }

    @Test
    void truncatedOrTrailingInputIsRefused() {
        assertThrows(IOException.class, () -> AnswerJson.read("{\"target\":\"t\"", LunView.class));
        assertThrows(IOException.class, () -> AnswerJson.read("{} {}", LunView.class));
        assertThrows(IOException.class, () -> AnswerJson.read("", LunView.class));
        assertThrows(IOException.class, () -> AnswerJson.readList("{}", LunView.class));
    }

    @Test
    void theErrorMemberIsFoundWhereverItIs() {
        assertEquals("no pool nope", AnswerJson.error(AdminJson.error("no pool nope")));
        assertEquals("x", AnswerJson.error("{\"detail\":{\"error\":\"inner\"},\"error\":\"x\"}"));
        assertNull(AnswerJson.error("<html>502 Bad Gateway</html>"));
        assertNull(AnswerJson.error("{\"error\":42}"));
        assertNull(AnswerJson.error(""));
    }

    @Test
    void requestBodiesLeaveNullFieldsOutAndEscapeStrings() throws IOException {
        String body = AnswerJson.object("name", "a \"b\"\n\u00e9", "of", null, "lun", 7, "big", 1L << 40, "readOnly", true);
        assertEquals("{\"name\":\"a \\\"b\\\"\\n\u00e9\",\"lun\":7,\"big\":1099511627776,\"readOnly\":true}", body);
        JsonNode parsed = AdminJson.mapper().readTree(body);
        assertEquals("a \"b\"\n\u00e9", parsed.get("name").asText());
    }
}

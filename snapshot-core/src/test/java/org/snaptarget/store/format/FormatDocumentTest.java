package org.snaptarget.store.format;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * FORMAT.md is normative and FormatConstants mirrors it: every table row naming a constant must
 * agree with the class (offset and length for fields, the value for constants), every field of
 * the class must be documented, and chained fields must not overlap.
 */
class FormatDocumentTest {

    private static final Pattern ROW = Pattern.compile("^\\|\\s*`([A-Z0-9_]+)`\\s*\\|(.*)$");

    static List<String> formatLines() throws IOException {
        Path doc = Path.of("FORMAT.md");
        if (!Files.exists(doc)) {
            doc = Path.of("snapshot-core", "FORMAT.md");
        }
        return Files.readAllLines(doc);
    }

    static long constant(String name) {
        try {
            Field f = FormatConstants.class.getField(name);
            return ((Number) f.get(null)).longValue();
        } catch (NoSuchFieldException e) {
            return Long.MIN_VALUE;
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }

    static long parse(String cell) {
        String c = cell.trim().replace(",", "");
        return c.startsWith("0x") ? Long.parseLong(c.substring(2), 16) : Long.parseLong(c);
    }

    @Test
    void everyConstantRowOfFormatMdAgreesWithFormatConstants() throws IOException {
        int rows = 0;
        for (String line : formatLines()) {
            Matcher m = ROW.matcher(line);
            if (!m.matches()) {
                continue;
            }
            String name = m.group(1);
            String[] cells = m.group(2).split("\\|");
            long offset = constant(name + "_OFFSET");
            if (offset != Long.MIN_VALUE) {
                assertEquals(offset, parse(cells[0]), name + " offset in FORMAT.md");
                assertEquals(constant(name + "_LENGTH"), parse(cells[1]), name + " length in FORMAT.md");
            } else {
                long value = constant(name);
                assertNotEquals(Long.MIN_VALUE, value, "FORMAT.md names " + name + ", which FormatConstants lacks");
                assertEquals(value, parse(cells[0]), name + " value in FORMAT.md");
            }
            rows++;
        }
        assertTrue(rows > 60, "only " + rows + " constant rows found in FORMAT.md");
    }

    @Test
    void everyFieldOfFormatConstantsIsDocumented() throws IOException {
        Set<String> documented = new HashSet<>();
        for (String line : formatLines()) {
            Matcher m = ROW.matcher(line);
            if (m.matches()) {
                documented.add(m.group(1));
            }
        }
        for (Field f : FormatConstants.class.getFields()) {
            if (!Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            String name = f.getName();
            if (name.endsWith("_LENGTH") && constantExists(name.substring(0, name.length() - 7) + "_OFFSET")) {
                continue;
            }
            String key = name.endsWith("_OFFSET") ? name.substring(0, name.length() - 7) : name;
            if (name.equals("STORE_CHUNK_MASK") || name.equals("MAX_CHUNK_NUMBER")) {
                continue;
            }
            assertTrue(documented.contains(key), key + " is in FormatConstants but not in FORMAT.md's tables");
        }
    }

    private static boolean constantExists(String name) {
        return constant(name) != Long.MIN_VALUE;
    }

    @Test
    void chainedFieldsTileTheirStructuresWithoutOverlap() {
        assertTiles("SB_", FormatConstants.SB_CREATED_OFFSET + FormatConstants.SB_CREATED_LENGTH);
        assertTiles("NODE_", FormatConstants.NODE_HEADER_LENGTH);
        assertTiles("LEAF_", FormatConstants.LEAF_ENTRY_LENGTH);
        assertTiles("BRANCH_", FormatConstants.BRANCH_ENTRY_LENGTH);
        assertTiles("REC_", FormatConstants.REC_FIXED_LENGTH);
        assertTrue(FormatConstants.SB_CREATED_OFFSET + FormatConstants.SB_CREATED_LENGTH <= FormatConstants.SB_LENGTH);
        assertEquals((FormatConstants.BLOCK_SIZE - FormatConstants.NODE_HEADER_LENGTH) / FormatConstants.LEAF_ENTRY_LENGTH,
                FormatConstants.LEAF_CAPACITY);
    }

    private static void assertTiles(String prefix, int end) {
        var covered = new boolean[end];
        for (Field f : FormatConstants.class.getFields()) {
            String n = f.getName();
            if (!n.startsWith(prefix) || !n.endsWith("_OFFSET")) {
                continue;
            }
            int off = (int) constant(n);
            int len = (int) constant(n.substring(0, n.length() - 7) + "_LENGTH");
            for (int i = off; i < off + len; i++) {
                assertFalse(covered[i], n + " overlaps another field at byte " + i);
                covered[i] = true;
            }
        }
        for (int i = 0; i < end; i++) {
            assertTrue(covered[i], prefix + " structure has a hole at byte " + i);
        }
    }
}

package org.snaptarget.scsi;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Persistent reservation state that survives restarts and crashes (APTPL, SPC-4 §5.13.5): a
 * properties text file, version 2:
 * <pre>
 * version=2
 * generation=&lt;PRgeneration&gt;
 * registrations=&lt;n&gt;
 * reg.&lt;i&gt;.key=&lt;16 hex digits&gt;
 * reg.&lt;i&gt;.initiator=&lt;initiator port name, or bare iSCSI name (TransportID format 00h)&gt;
 * reg.&lt;i&gt;.target=&lt;target port name&gt;
 * reg.&lt;i&gt;.port=&lt;relative target port id&gt;
 * reg.&lt;i&gt;.allTargetPorts=true                (only when registered with ALL_TG_PT=1)
 * holder=&lt;i of the holder's registration&gt;      (only when reserved)
 * type=&lt;TYPE code&gt;                            (only when reserved)
 * </pre>
 * Versions: 1, registrations through one target port only (no {@code allTargetPorts}); 2 adds
 * {@code allTargetPorts}. Both are read; version 2 is written, so an older build refuses a file
 * whose ALL_TG_PT registrations it would narrow.
 * Written whole, atomically: temporary file, fsync, rename over the old one, fsync the directory.
 * A crash leaves the old or the new file, never a mix. A malformed file is an error naming it —
 * reservations are never silently dropped. Storing a state with APTPL off deletes the file.
 */
final class ReservationFile {

    private static final int VERSION = 2;
    private static final int OLDEST_READABLE_VERSION = 1;

    private ReservationFile() {
    }

    /** @return the stored state (with APTPL on), or {@link ReservationState#EMPTY} when there is no file */
    static ReservationState load(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return ReservationState.EMPTY;
        }
        Properties p = new Properties();
        p.load(new StringReader(text));
        try {
            int version = Integer.parseInt(need(p, "version"));
            if (version < OLDEST_READABLE_VERSION || version > VERSION) {
                throw new IOException(file + ": unsupported reservation file version " + p.getProperty("version"));
            }
            int generation = Integer.parseInt(need(p, "generation"));
            int count = Integer.parseInt(need(p, "registrations"));
            Map<ItNexus, Long> regs = new LinkedHashMap<>();
            Set<ItNexus> allTargetPorts = new HashSet<>();
            ItNexus[] order = new ItNexus[count];
            for (int i = 0; i < count; i++) {
                ItNexus nexus = new ItNexus(need(p, "reg." + i + ".initiator"), need(p, "reg." + i + ".target"),
                        Integer.parseInt(need(p, "reg." + i + ".port")));
                long key = Long.parseUnsignedLong(need(p, "reg." + i + ".key"), 16);
                if (key == 0) {
                    throw new IOException(file + ": registration " + i + " has key 0");
                }
                regs.put(nexus, key);
                order[i] = nexus;
                if (Boolean.parseBoolean(p.getProperty("reg." + i + ".allTargetPorts"))) {
                    allTargetPorts.add(nexus);
                }
            }
            ItNexus holder = null;
            ReservationType type = null;
            if (p.getProperty("holder") != null) {
                int h = Integer.parseInt(p.getProperty("holder"));
                type = ReservationType.of(Integer.parseInt(need(p, "type")));
                if (h < 0 || h >= count || type == null) {
                    throw new IOException(file + ": holder " + h + " or type " + p.getProperty("type") + " is invalid");
                }
                holder = order[h];
            }
            return new ReservationState(generation, regs, holder, type, true, allTargetPorts);
        } catch (NumberFormatException e) {
            throw new IOException(file + ": malformed reservation file: " + e.getMessage(), e);
        }
    }

    private static String need(Properties p, String key) throws IOException {
        String v = p.getProperty(key);
        if (v == null) {
            throw new IOException("malformed reservation file: missing " + key);
        }
        return v;
    }

    /** Stores the state if APTPL is on, else removes the file. */
    static void store(Path file, ReservationState state) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (!state.aptpl()) {
            if (Files.deleteIfExists(file)) {
                syncDirectory(dir);
            }
            return;
        }
        Properties p = new Properties();
        p.setProperty("version", Integer.toString(VERSION));
        p.setProperty("generation", Integer.toString(state.generation()));
        p.setProperty("registrations", Integer.toString(state.registrations().size()));
        int i = 0;
        for (Map.Entry<ItNexus, Long> e : state.registrations().entrySet()) {
            p.setProperty("reg." + i + ".key", String.format("%016x", e.getValue()));
            p.setProperty("reg." + i + ".initiator", e.getKey().initiatorPortName());
            p.setProperty("reg." + i + ".target", e.getKey().targetPortName());
            p.setProperty("reg." + i + ".port", Integer.toString(e.getKey().relativeTargetPortId()));
            if (state.allTargetPorts().contains(e.getKey())) {
                p.setProperty("reg." + i + ".allTargetPorts", "true");
            }
            if (state.reserved() && e.getKey().equals(state.holder())) {
                p.setProperty("holder", Integer.toString(i));
                p.setProperty("type", Integer.toString(state.type().code()));
            }
            i++;
        }
        StringWriter text = new StringWriter();
        p.store(text, "SnapTarget persistent reservations (APTPL); written atomically, do not edit");
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer b = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        syncDirectory(dir);
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException ignored) {
            // Not every file system lets a directory be opened for fsync; the rename itself is atomic.
        }
    }
}

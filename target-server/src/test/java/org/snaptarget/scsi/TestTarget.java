package org.snaptarget.scsi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;

import org.snaptarget.scsi.sense.ParsedSense;

/**
 * A target device under test: LUs from memory devices, a storage executor that runs tasks on the
 * calling thread (or one the test drives), and helpers that send a CDB and return the outcome with
 * its data copied out and the data-in buffer released.
 */
public final class TestTarget {

    public static final ItNexus NEXUS = new ItNexus("iqn.2026-11.test:a,i,0x400001370000", "iqn.2026-11.org.snaptarget:t,t,0x0001", 1);
    public static final ItNexus OTHER = new ItNexus("iqn.2026-11.test:b,i,0x400001370001", "iqn.2026-11.org.snaptarget:t,t,0x0001", 1);

    public final LogicalUnitTable device;
    private long tags;

    public TestTarget(Map<Long, ? extends BlockDevice> devices, Executor executor) {
        this.device = new LogicalUnitTable(devices, executor, TargetInfo.SNAPTARGET, new UnpooledByteBufAllocator(true, false, false));
    }

    public TestTarget(LogicalUnitTable device) {
        this.device = device;
    }

    public TestTarget(Map<Long, ? extends BlockDevice> devices) {
        this(devices, Runnable::run);
    }

    /** The outcome of one command, with data-in copied out. */
    public record Outcome(int status, byte[] data, byte[] sense, long transferLength) {
        /** The sense data parsed from whichever format it is in. */
        public ParsedSense parsedSense() {
            assertNotNull(sense, "no sense data; status " + status);
            return ParsedSense.parse(sense);
        }

        public int senseKey() {
            return parsedSense().key();
        }

        public int asc() {
            return parsedSense().asc();
        }

        public int ascq() {
            return parsedSense().ascq();
        }

        /** Asserts CHECK CONDITION with the key/ASC/ASCQ. */
        public Outcome assertSense(int key, int asc, int ascq) {
            assertEquals(ScsiResponse.CHECK_CONDITION, status, "status");
            assertEquals(String.format("%X/%02X/%02X", key, asc, ascq),
                    String.format("%X/%02X/%02X", senseKey(), asc(), ascq()), "sense");
            return this;
        }

        /** Asserts INVALID FIELD IN CDB pointing at the byte (and bit, or -1 for none). */
        public Outcome assertInvalidCdbField(int byteIndex, int bit) {
            assertSense(5, 0x24, 0);
            ParsedSense parsed = parsedSense();
            assertNotNull(parsed.senseKeySpecific(), "no sense-key-specific field pointer");
            assertEquals(0x80 | 0x40 | (bit >= 0 ? 0x08 | bit : 0), parsed.senseKeySpecific()[0] & 0xFF, "SKSV/C-D/BPV/bit");
            assertEquals(byteIndex, parsed.fieldPointer(), "field pointer");
            return this;
        }

        public Outcome assertGood() {
            assertEquals(ScsiResponse.GOOD, status, () -> "status, sense " + (sense == null ? "none" : ByteBufUtil.hexDump(sense)));
            return this;
        }
    }

    public Outcome run(long lun, byte[] cdb, int edtl, byte[] dataOut) {
        return run(NEXUS, lun, cdb, edtl, dataOut);
    }

    public Outcome run(ItNexus nexus, long lun, byte[] cdb, int edtl, byte[] dataOut) {
        List<ScsiResponse> responses = new ArrayList<>();
        device.execute(command(nexus, lun, cdb, edtl, dataOut), responses::add);
        assertEquals(1, responses.size(), "exactly one completion");
        return outcome(responses.get(0));
    }

    /**
     * Sends a command to LUN 0 as {@link #NEXUS} from any thread and waits (up to 10 s) for its
     * completion, which a device with a real storage executor delivers on another thread; for
     * tests that race several clients. Submissions are serialised on this target, as one session's are.
     */
    public Outcome runAndWait(byte[] cdb, int edtl, byte[] dataOut) {
        CountDownLatch done = new CountDownLatch(1);
        ScsiResponse[] response = new ScsiResponse[1];
        synchronized (this) {
            device.execute(command(NEXUS, 0, cdb, edtl, dataOut), r -> {
                response[0] = r;
                done.countDown();
            });
        }
        try {
            if (!done.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("command did not complete");
            }
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        return outcome(response[0]);
    }

    /** Sends a command expecting no data-out, with EDTL 65536 for data-in commands. */
    public Outcome run(long lun, int... cdb) {
        return run(lun, bytes(cdb), 65536, null);
    }

    /** Like {@link #run(long, int...)} from another nexus. */
    public Outcome runAs(ItNexus nexus, long lun, int... cdb) {
        return run(nexus, lun, bytes(cdb), 65536, null);
    }

    public ScsiCommand command(ItNexus nexus, long lun, byte[] cdb, int edtl, byte[] dataOut) {
        ByteBuf out = dataOut == null ? null : io.netty.buffer.Unpooled.copiedBuffer(dataOut);
        return new ScsiCommand(nexus, LunAddress.encode(lun), cdb, TaskAttribute.SIMPLE, ++tags, edtl,
                dataOut == null, dataOut != null, out);
    }

    public static Outcome outcome(ScsiResponse r) {
        byte[] data = null;
        if (r.dataIn() != null) {
            data = ByteBufUtil.getBytes(r.dataIn());
            r.dataIn().release();
        }
        return new Outcome(r.status(), data, r.sense(), r.transferLength());
    }

    /** Clears the power-on unit attention of a nexus on a LU. */
    public void clearAttention(ItNexus nexus, long lun) {
        Outcome o = run(nexus, lun, bytes(0, 0, 0, 0, 0, 0), 0, null);
        if (o.status() != ScsiResponse.GOOD) {
            run(nexus, lun, bytes(0, 0, 0, 0, 0, 0), 0, null).assertGood();
        }
    }

    /** A 10/12/16-byte READ/WRITE-layout CDB. */
    public static byte[] cdb10(int opcode, int flags, long lba, int blocks) {
        return bytes(opcode, flags, (int) (lba >>> 24) & 0xFF, (int) (lba >>> 16) & 0xFF, (int) (lba >>> 8) & 0xFF,
                (int) lba & 0xFF, 0, blocks >>> 8, blocks & 0xFF, 0);
    }

    /** A 10/12/16-byte READ/WRITE-layout CDB. */
    public static byte[] cdb12(int opcode, int flags, long lba, long blocks) {
        return bytes(opcode, flags, (int) (lba >>> 24) & 0xFF, (int) (lba >>> 16) & 0xFF, (int) (lba >>> 8) & 0xFF,
                (int) lba & 0xFF, (int) (blocks >>> 24) & 0xFF, (int) (blocks >>> 16) & 0xFF, (int) (blocks >>> 8) & 0xFF,
                (int) blocks & 0xFF, 0, 0);
    }

    /** A 10/12/16-byte READ/WRITE-layout CDB. */
    public static byte[] cdb16(int opcode, int flags, long lba, long blocks) {
        byte[] c = new byte[16];
        c[0] = (byte) opcode;
        c[1] = (byte) flags;
        for (int i = 0; i < 8; i++) {
            c[2 + i] = (byte) (lba >>> (56 - 8 * i));
        }
        for (int i = 0; i < 4; i++) {
            c[10 + i] = (byte) (blocks >>> (24 - 8 * i));
        }
        return c;
    }

    public static int u16(byte[] b, int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }

    public static long u32(byte[] b, int at) {
        return ((long) u16(b, at) << 16) | u16(b, at + 2);
    }

    public static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }
}

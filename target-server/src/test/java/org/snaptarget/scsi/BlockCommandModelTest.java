package org.snaptarget.scsi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

import org.snaptarget.lun.FileBlockDevice;

/**
 * Random sequences of block commands against a file-backed LU, checked after every step against a
 * byte-array model of the medium: WRITE(10/16) with arbitrary EDTL truncation, WRITE SAME with and
 * without UNMAP, UNMAP, COMPARE AND WRITE (matching and not), ORWRITE and READ.
 */
class BlockCommandModelTest {

    private static final int BLOCKS = 128;
    private static final int BS = 512;

    sealed interface Op permits Write, WriteSame, Unmap, CompareAndWrite, OrWrite {
    }

    record Write(int lba, int blocks, int edtl, long seed, boolean sixteen) implements Op {
    }

    record WriteSame(int lba, int blocks, boolean unmap, boolean zero, long seed) implements Op {
    }

    record Unmap(int lba, int blocks) implements Op {
    }

    record CompareAndWrite(int lba, boolean match, long seed) implements Op {
    }

    record OrWrite(int lba, int blocks, long seed) implements Op {
    }

    @Provide
    Arbitrary<Op> ops() {
        Arbitrary<Integer> lba = Arbitraries.integers().between(0, BLOCKS - 1);
        Arbitrary<Integer> len = Arbitraries.integers().between(1, 16);
        Arbitrary<Long> seed = Arbitraries.longs();
        Arbitrary<Op> write = Combinators.combine(lba, len, Arbitraries.integers().between(0, 20 * BS), seed,
                Arbitraries.of(true, false)).as(Write::new);
        Arbitrary<Op> same = Combinators.combine(lba, len, Arbitraries.of(true, false), Arbitraries.of(true, false), seed)
                .as(WriteSame::new);
        Arbitrary<Op> unmap = Combinators.combine(lba, len).as(Unmap::new);
        Arbitrary<Op> caw = Combinators.combine(lba, Arbitraries.of(true, false), seed).as(CompareAndWrite::new);
        Arbitrary<Op> or = Combinators.combine(lba, len, seed).as(OrWrite::new);
        return Arbitraries.oneOf(write, same, unmap, caw, or);
    }

    @Property(tries = 40)
    void mediumMatchesTheModelAfterEveryCommand(@ForAll @Size(max = 30) List<@net.jqwik.api.From("ops") Op> ops)
            throws IOException {
        Path dir = Files.createTempDirectory("model");
        try (FileBlockDevice device = new FileBlockDevice(dir.resolve("lun.img"), (long) BLOCKS * BS)) {
            TestTarget target = new TestTarget(Map.of(0L, device));
            target.clearAttention(TestTarget.NEXUS, 0);
            byte[] model = new byte[BLOCKS * BS];
            for (Op op : ops) {
                apply(target, model, op);
                byte[] medium = target.run(0, TestTarget.cdb16(0x88, 0, 0, BLOCKS), BLOCKS * BS, null).assertGood().data();
                assertArrayEquals(model, medium, () -> "after " + op);
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
    }

    private static byte[] random(long seed, int n) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static boolean inRange(int lba, int blocks) {
        return lba + blocks <= BLOCKS;
    }

    private static void apply(TestTarget target, byte[] model, Op op) {
        switch (op) {
            case Write w -> {
                int bytes = w.blocks() * BS;
                byte[] data = random(w.seed(), w.edtl());
                byte[] cdb = w.sixteen() ? TestTarget.cdb16(0x8A, 0, w.lba(), w.blocks()) : TestTarget.cdb10(0x2A, 0, w.lba(), w.blocks());
                TestTarget.Outcome o = target.run(0, cdb, w.edtl(), w.edtl() == 0 ? null : data);
                if (!inRange(w.lba(), w.blocks())) {
                    o.assertSense(5, 0x21, 0);
                    return;
                }
                o.assertGood();
                int n = Math.min(bytes, w.edtl());
                System.arraycopy(data, 0, model, w.lba() * BS, n);
            }
            case WriteSame s -> {
                byte[] block = s.zero() ? new byte[BS] : random(s.seed(), BS);
                TestTarget.Outcome o = target.run(0, TestTarget.cdb16(0x93, s.unmap() ? 0x08 : 0, s.lba(), s.blocks()), BS, block);
                if (!inRange(s.lba(), s.blocks())) {
                    o.assertSense(5, 0x21, 0);
                    return;
                }
                o.assertGood();
                for (int i = 0; i < s.blocks(); i++) {
                    System.arraycopy(block, 0, model, (s.lba() + i) * BS, BS);
                }
            }
            case Unmap u -> {
                byte[] list = new byte[24];
                list[1] = 22;
                list[3] = 16;
                list[14] = (byte) (u.lba() >>> 8);
                list[15] = (byte) u.lba();
                list[19] = (byte) u.blocks();
                TestTarget.Outcome o = target.run(0, TestTarget.bytes(0x42, 0, 0, 0, 0, 0, 0, 0, 24, 0), 24, list);
                if (!inRange(u.lba(), u.blocks())) {
                    o.assertSense(5, 0x21, 0);
                    return;
                }
                o.assertGood();
                Arrays.fill(model, u.lba() * BS, (u.lba() + u.blocks()) * BS, (byte) 0);
            }
            case CompareAndWrite c -> {
                byte[] expect = Arrays.copyOfRange(model, c.lba() * BS, (c.lba() + 1) * BS);
                if (!c.match()) {
                    expect[c.lba() % BS] ^= 0x5A;
                }
                byte[] next = random(c.seed(), BS);
                byte[] data = Arrays.copyOf(expect, 2 * BS);
                System.arraycopy(next, 0, data, BS, BS);
                byte[] cdb = new byte[16];
                cdb[0] = (byte) 0x89;
                cdb[9] = (byte) c.lba();
                cdb[13] = 1;
                TestTarget.Outcome o = target.run(0, cdb, 2 * BS, data);
                if (c.match()) {
                    o.assertGood();
                    System.arraycopy(next, 0, model, c.lba() * BS, BS);
                } else {
                    o.assertSense(0x0E, 0x1D, 0);
                    assertEquals(c.lba() % BS, ((o.sense()[5] & 0xFF) << 8) | (o.sense()[6] & 0xFF));
                }
            }
            case OrWrite w -> {
                byte[] data = random(w.seed(), w.blocks() * BS);
                TestTarget.Outcome o = target.run(0, TestTarget.cdb16(0x8B, 0, w.lba(), w.blocks()), data.length, data);
                if (!inRange(w.lba(), w.blocks())) {
                    o.assertSense(5, 0x21, 0);
                    return;
                }
                o.assertGood();
                for (int i = 0; i < data.length; i++) {
                    model[w.lba() * BS + i] |= data[i];
                }
            }
        }
    }
}

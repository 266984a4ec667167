package org.snaptarget.store.format;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IdSchemeTest {

    static final long O = IdScheme.ORIGIN;

    static int cmp(long a, long b) {
        return Long.compareUnsigned(a, b);
    }

    @Test
    void originSortsAfterEverySnapshotAndHasDepthZero() {
        assertEquals(0, IdScheme.depth(O));
        assertEquals("origin", IdScheme.format(O));
        for (long k : new long[] {0, 3, 4, 19, 20, 275, 276, 65811, 65812, 100_000}) {
            long s = IdScheme.child(O, k);
            assertTrue(cmp(s, O) < 0, "snapshot " + k);
            assertEquals(1, IdScheme.depth(s));
            assertArrayEquals(new long[] {k}, IdScheme.digits(s));
            assertEquals(O, IdScheme.parent(s));
        }
    }

    @Test
    void childrenSortInCreationOrderBeforeTheirParentNewestClosest() {
        long parent = IdScheme.child(O, 7);
        long previous = 0;
        for (long k = 0; k < 400; k++) {
            long c = IdScheme.child(parent, k);
            assertTrue(cmp(c, parent) < 0);
            assertTrue(k == 0 || cmp(previous, c) < 0, "child " + k + " after child " + (k - 1));
            assertEquals(parent, IdScheme.parent(c));
            previous = c;
        }
        assertTrue(cmp(IdScheme.child(O, 6), IdScheme.subtreeStart(parent)) < 0);
    }

    @Test
    void descendantsSortImmediatelyBeforeTheirAncestorInsideItsSubtreeInterval() {
        long a = IdScheme.child(O, 2);
        long a0 = IdScheme.child(a, 0);
        long a00 = IdScheme.child(a0, 0);
        long a1 = IdScheme.child(a, 1);
        long b = IdScheme.child(O, 3);
        long[] ordered = {IdScheme.child(O, 1), a00, a0, a1, a, b, O};
        for (int i = 1; i < ordered.length; i++) {
            assertTrue(cmp(ordered[i - 1], ordered[i]) < 0, IdScheme.format(ordered[i - 1]) + " < " + IdScheme.format(ordered[i]));
        }
        for (long d : new long[] {a00, a0, a1, a}) {
            assertTrue(cmp(IdScheme.subtreeStart(a), d) <= 0 && cmp(d, a) <= 0);
        }
        assertEquals("2.0.0", IdScheme.format(a00));
    }

    @Test
    void futureChildrenRangeHoldsAllLaterChildrenAndNoEarlierOne() {
        long a = IdScheme.child(O, 5);
        long fs = IdScheme.futureStart(a, 3);
        for (long k = 0; k < 3; k++) {
            assertTrue(cmp(IdScheme.child(a, k), fs) < 0);
        }
        for (long k = 3; k < 300; k += 7) {
            long c = IdScheme.child(a, k);
            assertTrue(cmp(fs, c) <= 0 && cmp(c, a) < 0);
            assertTrue(cmp(fs, IdScheme.subtreeStart(c)) <= 0);
        }
        assertEquals(IdScheme.child(O, 0) & ~((1L << 61) - 1), IdScheme.subtreeStart(IdScheme.child(O, 0)));
    }

    @Test
    void idsCompareLikeTheirDigitPathsWithSelfLast() {
        var r = new SplittableRandom(42);
        var ids = new ArrayList<Long>();
        ids.add(O);
        for (int i = 0; i < 3000; i++) {
            long parent = ids.get(r.nextInt(ids.size()));
            long k = r.nextInt(4) == 0 ? r.nextInt(70_000) : r.nextInt(6);
            if (IdScheme.canHaveChild(parent, k)) {
                ids.add(IdScheme.child(parent, k));
            }
        }
        for (int i = 0; i < 20_000; i++) {
            long x = ids.get(r.nextInt(ids.size()));
            long y = ids.get(r.nextInt(ids.size()));
            assertEquals(Integer.signum(comparePaths(IdScheme.digits(x), IdScheme.digits(y))), Integer.signum(cmp(x, y)),
                    IdScheme.format(x) + " vs " + IdScheme.format(y));
        }
    }

    /** Lexicographic digit order where a path sorts after its own extensions ("self" last). */
    static int comparePaths(long[] a, long[] b) {
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            if (a[i] != b[i]) {
                return Long.compare(a[i], b[i]);
            }
        }
        return Integer.compare(b.length, a.length);
    }

    @Test
    void nestingIsLimitedOnlyByTheSixtyFourBits() {
        long id = IdScheme.child(O, 99_999);
        int depth = 1;
        while (IdScheme.canHaveChild(id, 0)) {
            id = IdScheme.child(id, 0);
            depth++;
        }
        assertEquals(12, depth);
        assertEquals(id, IdScheme.futureStart(id, 0));
        assertThrows(IllegalArgumentException.class, () -> IdScheme.child(idOf(12), 0));
        long shallow = O;
        for (int i = 0; i < 21; i++) {
            shallow = IdScheme.child(shallow, 0);
        }
        assertEquals(21, IdScheme.depth(shallow));
        assertEquals(List.of(0L), Arrays.stream(IdScheme.digits(shallow)).distinct().boxed().toList());
    }

    private static long idOf(int depth) {
        long id = IdScheme.child(O, 99_999);
        for (int i = 1; i < depth; i++) {
            id = IdScheme.child(id, 0);
        }
        return id;
    }
}

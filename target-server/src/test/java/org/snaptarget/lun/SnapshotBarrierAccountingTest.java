package org.snaptarget.lun;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snaptarget.metrics.SnapshotPauses;
import org.snaptarget.store.Pool;
import org.snaptarget.store.PoolConfig;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link SnapshotBarrier}'s pause accounting: how long each exclusive section held writes back and
 * how many store commits completed while it was held ({@link SnapshotPauses}).
 */
class SnapshotBarrierAccountingTest {

    /** A commit counter the test advances by hand. */
    private static final class ManualCommits implements SnapshotBarrier.CommitCounter {
        final AtomicLong count = new AtomicLong(100);
        final AtomicLong lastNanos = new AtomicLong();

        void commit(long nanos) {
            lastNanos.set(nanos);
            count.incrementAndGet();
        }

        @Override
        public long commitCount() {
            return count.get();
        }

        @Override
        public long lastCommitNanos() {
            return lastNanos.get();
        }
    }

    @Test
    void aSectionWithOneCommitRecordsOneCommitAndItsDuration() {
        ManualCommits commits = new ManualCommits();
        SnapshotBarrier barrier = new SnapshotBarrier(commits);
        commits.commit(999);
        String result = barrier.exclusively(() -> {
            commits.commit(1_234_567);
            return "s1";
        });
        assertEquals("s1", result);
        SnapshotPauses.Summary s = barrier.pauses().summary();
        assertEquals(1, s.pauses());
        assertEquals(1, s.commits(), "the commit before the section is not counted");
        assertEquals(1, s.maxCommitsInOnePause());
        assertEquals(1_234_567, s.maxCommitNanos());
        assertEquals(1, s.pauseHistogram().count());
    }

    @Test
    void thePauseLastsAtLeastAsLongAsTheSection() {
        SnapshotBarrier barrier = new SnapshotBarrier(new ManualCommits());
        long before = System.nanoTime();
        barrier.exclusively(() -> {
            sleep(30);
            return null;
        });
        long outside = System.nanoTime() - before;
        SnapshotPauses.Summary s = barrier.pauses().summary();
        assertTrue(s.maxPauseNanos() >= 30_000_000, s.maxPauseNanos() + " ns");
        assertTrue(s.maxPauseNanos() <= outside, "measured inside the call");
        assertTrue(s.pauseHistogram().sumSeconds() >= 0.03);
    }

    @Test
    void aCommitOfAnotherThreadDuringTheSectionCountsAsASecondCommit() throws Exception {
        ManualCommits commits = new ManualCommits();
        SnapshotBarrier barrier = new SnapshotBarrier(commits);
        barrier.exclusively(() -> {
            commits.commit(10);
            return null;
        });
        barrier.exclusively(() -> {
            CompletableFuture.runAsync(() -> commits.commit(5_000)).join();
            commits.commit(20);
            return null;
        });
        SnapshotPauses.Summary s = barrier.pauses().summary();
        assertEquals(2, s.pauses());
        assertEquals(3, s.commits());
        assertEquals(2, s.maxCommitsInOnePause(), "the second pause held two commits");
    }

    @Test
    void aFailedSectionIsStillAPauseWithoutCommits() {
        SnapshotBarrier barrier = new SnapshotBarrier(new ManualCommits());
        assertThrows(IllegalStateException.class, () -> barrier.exclusively(() -> {
            throw new IllegalStateException("duplicate name");
        }));
        SnapshotPauses.Summary s = barrier.pauses().summary();
        assertEquals(1, s.pauses());
        assertEquals(0, s.commits());
        assertEquals(0, s.maxCommitNanos(), "no commit, so no commit duration");
    }

    @Test
    void thePauseIncludesWaitingForAWriteAlreadyInFlight() throws Exception {
        SnapshotBarrier barrier = new SnapshotBarrier(new ManualCommits());
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        CompletableFuture<Void> write = CompletableFuture.runAsync(() -> barrier.write(() -> {
            writing.countDown();
            await(finish);
        }));
        assertTrue(writing.await(5, TimeUnit.SECONDS));
        Thread snapshot = new Thread(() -> barrier.exclusively(() -> null));
        snapshot.start();
        while (snapshot.getState() != Thread.State.WAITING) {
            assertTrue(snapshot.isAlive(), "the snapshot cannot pass a write in flight");
            Thread.onSpinWait();
        }
        long queued = System.nanoTime();
        sleep(40);
        long released = System.nanoTime();
        finish.countDown();
        snapshot.join(5_000);
        write.get(5, TimeUnit.SECONDS);
        assertTrue(barrier.pauses().summary().maxPauseNanos() >= released - queued,
                "the wait for the write in flight is part of the pause");
    }

    @Test
    void aPoolSnapshotInsideTheBarrierIsExactlyOneCommit(@TempDir Path dir) {
        int chunk = 4096;
        try (Pool pool = Pool.create(PoolConfig.of(dir.resolve("o"), 64L * chunk, dir.resolve("s"), 1024L * chunk)
                .withChunkSize(chunk))) {
            SnapshotBarrier barrier = new SnapshotBarrier(SnapshotBarrier.CommitCounter.of(pool));
            for (int i = 0; i < 5; i++) {
                barrier.write(() -> pool.origin().write(0, ByteBuffer.allocate(chunk)));
                String name = "s" + i;
                barrier.exclusively(() -> pool.createSnapshot(name, null, true));
            }
            SnapshotPauses.Summary s = barrier.pauses().summary();
            assertEquals(5, s.pauses());
            assertEquals(5, s.commits());
            assertEquals(1, s.maxCommitsInOnePause());
            assertTrue(s.maxCommitNanos() > 0);
            assertTrue(s.maxPauseNanos() >= s.maxCommitNanos(), "a pause holds its whole commit");
        }
    }

    @Test
    void negativeObservationsAreRefused() {
        SnapshotPauses pauses = new SnapshotPauses();
        assertThrows(IllegalArgumentException.class, () -> pauses.record(-1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> pauses.record(1, -1, 0));
        assertEquals(0, pauses.summary().pauses());
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}

package org.snaptarget.scsi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TaskManagementTest {

    /** An executor the test drives: tasks wait in a queue until the test runs them. */
    private static final class ManualExecutor implements Executor {
        final ArrayDeque<Runnable> queue = new ArrayDeque<>();
        boolean full;

        @Override
        public void execute(Runnable r) {
            if (full) {
                throw new RejectedExecutionException("full");
            }
            queue.add(r);
        }

        void runAll() {
            while (!queue.isEmpty()) {
                queue.poll().run();
            }
        }
    }

    private ManualExecutor executor;
    private MemoryBlockDevice disk;
    private TestTarget target;
    private final List<ScsiResponse> completions = new ArrayList<>();

    @BeforeEach
    void setUp() {
        executor = new ManualExecutor();
        disk = new MemoryBlockDevice(64);
        target = new TestTarget(Map.of(0L, disk), executor);
        target.clearAttention(TestTarget.NEXUS, 0);
        target.clearAttention(TestTarget.OTHER, 0);
    }

    private ScsiCommand write(ItNexus nexus, long tag) {
        byte[] data = new byte[512];
        java.util.Arrays.fill(data, (byte) tag);
        ScsiCommand c = target.command(nexus, 0, TestTarget.bytes(0x2A, 0, 0, 0, 0, 1, 0, 0, 1, 0), 512, data);
        return new ScsiCommand(c.nexus(), c.lun(), c.cdb(), c.attribute(), tag, c.expectedTransferLength(), false, true, c.dataOut());
    }

    private int tmf(ItNexus nexus, TaskManagementFunction f, long tag) {
        int[] r = {-1};
        target.device.taskManagement(nexus, f, LunAddress.encode(0), tag, x -> r[0] = x);
        return r[0];
    }

    @Test
    void abortTaskOfAQueuedWriteCompletesItAbortedAndNeverWrites() {
        ScsiCommand c = write(TestTarget.NEXUS, 7);
        ByteBuf out = c.dataOut();
        target.device.execute(c, completions::add);
        assertEquals(0, completions.size());
        assertEquals(0, tmf(TestTarget.NEXUS, TaskManagementFunction.ABORT_TASK, 7));
        assertEquals(1, completions.size());
        assertEquals(ScsiResponse.TASK_ABORTED, completions.get(0).status());
        executor.runAll();
        assertEquals(1, completions.size(), "completion called exactly once");
        assertEquals(0, disk.bytes()[512], "the aborted write never reached the medium");
        assertEquals(0, out.refCnt(), "data-out released");
    }

    @Test
    void abortTaskOfAnUnknownTagSaysTaskDoesNotExist() {
        assertEquals(1, tmf(TestTarget.NEXUS, TaskManagementFunction.ABORT_TASK, 12345));
    }

    @Test
    void abortTaskSetAbortsOnlyTheCallersTasks() {
        target.device.execute(write(TestTarget.NEXUS, 1), completions::add);
        List<ScsiResponse> others = new ArrayList<>();
        target.device.execute(write(TestTarget.OTHER, 2), others::add);
        assertEquals(0, tmf(TestTarget.NEXUS, TaskManagementFunction.ABORT_TASK_SET, 0));
        assertEquals(ScsiResponse.TASK_ABORTED, completions.get(0).status());
        assertTrue(others.isEmpty());
        executor.runAll();
        assertEquals(ScsiResponse.GOOD, others.get(0).status());
    }

    @Test
    void clearTaskSetAbortsEveryNexusTasks() {
        target.device.execute(write(TestTarget.NEXUS, 1), completions::add);
        target.device.execute(write(TestTarget.OTHER, 2), completions::add);
        assertEquals(0, tmf(TestTarget.NEXUS, TaskManagementFunction.CLEAR_TASK_SET, 0));
        assertEquals(2, completions.size());
        executor.runAll();
        assertEquals(2, completions.size());
    }

    @Test
    void abortOfARunningWriteWaitsForItAndReportsItAborted() throws Exception {
        CountDownLatch inWrite = new CountDownLatch(1);
        CountDownLatch proceed = new CountDownLatch(1);
        BlockDevice slow = new MemoryBlockDevice(64) {
            @Override
            public synchronized void write(long offset, java.nio.ByteBuffer src, boolean fua) throws java.io.IOException {
                inWrite.countDown();
                try {
                    proceed.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                super.write(offset, src, fua);
            }
        };
        try (StorageExecutor pool = new StorageExecutor(1, 4)) {
            TestTarget t = new TestTarget(Map.of(0L, slow), pool);
            t.clearAttention(TestTarget.NEXUS, 0);
            List<ScsiResponse> done = java.util.Collections.synchronizedList(new ArrayList<>());
            ScsiCommand c = t.command(TestTarget.NEXUS, 0, TestTarget.bytes(0x2A, 0, 0, 0, 0, 1, 0, 0, 1, 0), 512, new byte[512]);
            t.device.execute(c, done::add);
            assertTrue(inWrite.await(5, TimeUnit.SECONDS));
            CountDownLatch tmfDone = new CountDownLatch(1);
            int[] response = {-1};
            t.device.taskManagement(TestTarget.NEXUS, TaskManagementFunction.ABORT_TASK, 0, c.taskTag(), r -> {
                response[0] = r;
                tmfDone.countDown();
            });
            assertEquals(1, tmfDone.getCount(), "the abort is not done while the write runs");
            proceed.countDown();
            assertTrue(tmfDone.await(5, TimeUnit.SECONDS));
            assertEquals(0, response[0]);
            assertEquals(1, done.size());
            assertEquals(ScsiResponse.TASK_ABORTED, done.get(0).status());
            assertEquals(0, c.dataOut().refCnt());
        }
    }

    @Test
    void fullExecutorQueueAnswersTaskSetFullAndReleasesData() {
        executor.full = true;
        ScsiCommand c = write(TestTarget.NEXUS, 3);
        target.device.execute(c, completions::add);
        assertEquals(ScsiResponse.TASK_SET_FULL, completions.get(0).status());
        assertNull(completions.get(0).sense());
        assertEquals(0, c.dataOut().refCnt());
        assertEquals(1, tmf(TestTarget.NEXUS, TaskManagementFunction.ABORT_TASK, 3), "the refused task left the task set");
    }

    @Test
    void unsupportedFunctionsAndAbsentLunsAreReported() {
        assertEquals(5, tmf(TestTarget.NEXUS, TaskManagementFunction.CLEAR_ACA, 0));
        assertEquals(5, tmf(TestTarget.NEXUS, TaskManagementFunction.TASK_REASSIGN, 0));
        int[] r = {-1};
        target.device.taskManagement(TestTarget.NEXUS, TaskManagementFunction.LOGICAL_UNIT_RESET, LunAddress.encode(9), 0, x -> r[0] = x);
        assertEquals(2, r[0]);
    }

    @Test
    void nexusLossAbortsItsQueuedTasks() {
        ScsiCommand c = write(TestTarget.NEXUS, 4);
        target.device.execute(c, completions::add);
        target.device.nexusLost(TestTarget.NEXUS);
        assertEquals(ScsiResponse.TASK_ABORTED, completions.get(0).status());
        executor.runAll();
        assertEquals(0, c.dataOut().refCnt());
        assertEquals(1, completions.size());
    }
}

package org.snaptarget.scsi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SIMPLE, ORDERED and HEAD OF QUEUE through the dispatcher with an executor the test drives. */
class TaskOrderTest {

    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
    private final Executor executor = queue::add;
    private final List<Long> completed = new ArrayList<>();
    private TestTarget target;

    @BeforeEach
    void setUp() {
        target = new TestTarget(Map.of(0L, new MemoryBlockDevice(64)), executor);
        target.clearAttention(TestTarget.NEXUS, 0);
    }

    private void read(long tag, TaskAttribute attribute) {
        ScsiCommand c = target.command(TestTarget.NEXUS, 0, TestTarget.cdb10(0x28, 0, 0, 1), 512, null);
        ScsiCommand tagged = new ScsiCommand(c.nexus(), c.lun(), c.cdb(), attribute, tag, 512, true, false, null);
        target.device.execute(tagged, r -> {
            TestTarget.outcome(r);
            completed.add(tag);
        });
    }

    private void runOne() {
        queue.poll().run();
    }

    @Test
    void simpleTasksStartTogether() {
        read(1, TaskAttribute.SIMPLE);
        read(2, TaskAttribute.SIMPLE);
        assertEquals(2, queue.size());
    }

    @Test
    void orderedTaskWaitsForEarlierTasksAndHoldsBackLaterOnes() {
        read(1, TaskAttribute.SIMPLE);
        read(2, TaskAttribute.SIMPLE);
        read(3, TaskAttribute.ORDERED);
        read(4, TaskAttribute.SIMPLE);
        assertEquals(2, queue.size(), "only the two simple tasks started");
        runOne();
        assertEquals(1, queue.size(), "the ordered task still waits for task 2");
        runOne();
        assertEquals(1, queue.size(), "now the ordered task started, alone");
        runOne();
        assertEquals(1, queue.size(), "then task 4");
        runOne();
        assertEquals(List.of(1L, 2L, 3L, 4L), completed);
    }

    @Test
    void headOfQueueStartsAheadOfWaitingTasks() {
        read(1, TaskAttribute.ORDERED);
        read(2, TaskAttribute.SIMPLE);
        read(3, TaskAttribute.HEAD_OF_QUEUE);
        assertEquals(2, queue.size(), "the ordered task and the head-of-queue task started");
        queue.pollLast().run();
        assertEquals(List.of(3L), completed);
        runOne();
        runOne();
        assertEquals(List.of(3L, 1L, 2L), completed);
    }

    @Test
    void abortedWaitingTaskStillReleasesItsTurn() {
        read(1, TaskAttribute.SIMPLE);
        read(2, TaskAttribute.ORDERED);
        read(3, TaskAttribute.SIMPLE);
        int[] r = {-1};
        target.device.taskManagement(TestTarget.NEXUS, TaskManagementFunction.ABORT_TASK, 0, 2, x -> r[0] = x);
        assertEquals(0, r[0]);
        assertTrue(completed.contains(2L), "aborted at once");
        while (!queue.isEmpty()) {
            runOne();
        }
        assertEquals(List.of(2L, 1L, 3L), completed);
    }

    @Test
    void extendedInquiryAdvertisesTheAttributes() {
        byte[] d = target.run(0, 0x12, 1, 0x86, 0, 64, 0).assertGood().data();
        assertEquals(0x07, d[5]);
    }
}

package org.snaptarget.scsi;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Task attribute ordering for the storage tasks of one logical unit (SAM-5 §8.6, §8.7), in the
 * order the dispatcher accepted them:
 * <ul>
 *   <li>SIMPLE (and UNTAGGED, ACA) tasks run concurrently, but not before an earlier ORDERED task
 *       has completed;</li>
 *   <li>an ORDERED task starts only when every earlier task has completed, and every later task
 *       waits for it;</li>
 *   <li>a HEAD OF QUEUE task starts at once, ahead of any waiting task.</li>
 * </ul>
 * Inline commands (those that only read target state, see {@link Execution}) complete before
 * {@code execute} returns and are not ordered here.
 *
 * <p>State — the number of started, unfinished tasks; whether one of them is ORDERED; the FIFO of
 * waiting tasks — is guarded by this object's monitor. Dispatching (handing a task to the storage
 * executor) happens outside the monitor.
 */
final class TaskOrder {

    /** Hands a task that may start to the executor. */
    interface Dispatcher {
        void dispatch(Task task);
    }

    private record Waiting(Task task, boolean ordered, Dispatcher dispatcher) {
    }

    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    private int started;
    private boolean orderedStarted;

    /**
     * Accepts a task; it is dispatched now or when its attribute allows. {@link #finished} must be
     * called exactly once for it after it ran or was discarded.
     */
    void submit(Task task, TaskAttribute attribute, Dispatcher dispatcher) {
        boolean now;
        boolean ordered = attribute == TaskAttribute.ORDERED;
        task.orderedSlot(ordered);
        synchronized (this) {
            if (attribute == TaskAttribute.HEAD_OF_QUEUE) {
                now = true;
            } else if (ordered) {
                now = started == 0 && waiting.isEmpty();
            } else {
                now = !orderedStarted && waiting.isEmpty();
            }
            if (now) {
                started++;
                orderedStarted |= ordered;
            } else {
                waiting.addLast(new Waiting(task, ordered, dispatcher));
            }
        }
        if (now) {
            dispatcher.dispatch(task);
        }
    }

    /** A started task has completed (or been discarded): start what may now start. */
    void finished(boolean ordered) {
        List<Waiting> ready = new ArrayList<>();
        synchronized (this) {
            started--;
            if (ordered) {
                orderedStarted = false;
            }
            while (!waiting.isEmpty() && !orderedStarted) {
                Waiting head = waiting.peekFirst();
                if (head.ordered()) {
                    if (started > 0) {
                        break;
                    }
                    orderedStarted = true;
                }
                waiting.pollFirst();
                started++;
                ready.add(head);
            }
        }
        for (Waiting w : ready) {
            w.dispatcher().dispatch(w.task());
        }
    }

    /** @return the number of tasks waiting for their turn */
    synchronized int waitingCount() {
        return waiting.size();
    }
}

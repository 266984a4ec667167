package org.snaptarget.scsi;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One command running on the storage executor, as task management sees it (SAM-5 §8).
 *
 * <p>State machine: QUEUED → RUNNING → DONE, or QUEUED → DONE by an abort before it started (it
 * then never touches the medium), or RUNNING → ABORTING → DONE by an abort while it runs. A running
 * task is never interrupted (an interrupt would close the device's FileChannel); it runs to its end
 * and its result is replaced by TASK ABORTED status. So an aborted write has either not happened at
 * all or happened completely (not necessarily durably). The completion is called exactly once, on
 * whichever thread moves the task to DONE; {@link #finished()} completes right after.
 */
final class Task implements Runnable {

    private static final int QUEUED = 0;
    private static final int RUNNING = 1;
    private static final int ABORTING = 2;
    private static final int DONE = 3;

    static final ScsiResponse ABORTED = new ScsiResponse(ScsiResponse.TASK_ABORTED, null, null, -1);

    private final ScsiCommand command;
    private final Function<ScsiCommand, ScsiResponse> work;
    private final Consumer<ScsiResponse> completion;
    private final TaskSet owner;
    private final AtomicInteger state = new AtomicInteger(QUEUED);
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    private final TaskOrder order;
    private boolean ordered;

    /**
     * @param order the LU's ordering gate, told when this task has run or been discarded; may be
     *              {@code null} for a task that is not ordered
     */
    Task(ScsiCommand command, Function<ScsiCommand, ScsiResponse> work, Consumer<ScsiResponse> completion, TaskSet owner,
         TaskOrder order) {
        this.command = command;
        this.work = work;
        this.completion = completion;
        this.owner = owner;
        this.order = order;
    }

    /** Set by {@link TaskOrder#submit} before the task is dispatched. */
    void orderedSlot(boolean isOrdered) {
        this.ordered = isOrdered;
    }

    ItNexus nexus() {
        return command.nexus();
    }

    long tag() {
        return command.taskTag();
    }

    /** Completes when the task's completion has been called. */
    CompletableFuture<Void> finished() {
        return finished;
    }

    @Override
    public void run() {
        try {
            if (!state.compareAndSet(QUEUED, RUNNING)) {
                // Aborted while queued: the abort already completed it; only the data-out buffer is left.
                if (command.dataOut() != null) {
                    command.dataOut().release();
                }
                return;
            }
            finish(work.apply(command));
        } finally {
            leaveOrder();
        }
    }

    /** Called when the executor refused the task: it never ran, so it ends with {@code response}. */
    void refuse(ScsiResponse response) {
        try {
            if (state.compareAndSet(QUEUED, DONE)) {
                if (command.dataOut() != null) {
                    command.dataOut().release();
                }
                deliver(response);
            } else if (command.dataOut() != null) {
                command.dataOut().release();
            }
        } finally {
            leaveOrder();
        }
    }

    private void leaveOrder() {
        if (order != null) {
            order.finished(ordered);
        }
    }

    /** Requests the abort; the returned future completes once the task has completed (as aborted or, if it was already done, normally). */
    CompletableFuture<Void> abort() {
        while (true) {
            int s = state.get();
            if (s == QUEUED) {
                if (state.compareAndSet(QUEUED, DONE)) {
                    deliver(ABORTED);
                    return finished;
                }
            } else if (s == RUNNING) {
                if (state.compareAndSet(RUNNING, ABORTING)) {
                    return finished;
                }
            } else {
                return finished;
            }
        }
    }

    private void finish(ScsiResponse response) {
        if (state.compareAndSet(RUNNING, DONE)) {
            deliver(response);
            return;
        }
        state.set(DONE);
        if (response.dataIn() != null) {
            response.dataIn().release();
        }
        deliver(ABORTED);
    }

    private void deliver(ScsiResponse response) {
        owner.remove(this);
        try {
            completion.accept(response);
        } finally {
            finished.complete(null);
        }
    }
}

package org.snaptarget.scsi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The task set of one logical unit (SAM-5 §8.1): the storage tasks that have been accepted and
 * not yet completed, keyed by nexus and task tag, so that task management can find and abort
 * them. Inline commands complete before {@code execute} returns and never appear here.
 *
 * <p>Thread safety: a concurrent map; tasks remove themselves as they complete.
 */
final class TaskSet {

    private record Key(ItNexus nexus, long tag) {
    }

    private final Map<Key, Task> tasks = new ConcurrentHashMap<>();

    void add(Task task) {
        tasks.put(new Key(task.nexus(), task.tag()), task);
    }

    void remove(Task task) {
        tasks.remove(new Key(task.nexus(), task.tag()), task);
    }

    /** @return the future of the aborted task's completion, or {@code null} when no such task is in the set */
    CompletableFuture<Void> abortTask(ItNexus nexus, long tag) {
        Task task = tasks.get(new Key(nexus, tag));
        return task == null ? null : task.abort();
    }

    /** Aborts every task matching the filter; the future completes when all of them have completed. */
    CompletableFuture<Void> abortAll(Predicate<ItNexus> whose) {
        List<CompletableFuture<Void>> waits = new ArrayList<>();
        for (Task task : tasks.values()) {
            if (whose.test(task.nexus())) {
                waits.add(task.abort());
            }
        }
        return CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new));
    }

    int size() {
        return tasks.size();
    }
}

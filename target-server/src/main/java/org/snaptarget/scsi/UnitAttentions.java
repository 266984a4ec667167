package org.snaptarget.scsi;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import org.snaptarget.scsi.sense.SenseReason;

/**
 * Pending unit attention conditions of one logical unit, queued per I_T nexus (SAM-5 §5.14,
 * SPC-4 §5.11). A nexus first seen by the LU starts with POWER ON, RESET OR BUS DEVICE RESET
 * OCCURRED (29h/00h); it is reported, oldest first, to the next command that is not exempt, and
 * each report removes it. A reason already queued for a nexus is not queued twice.
 *
 * <p>Thread safety: the map is concurrent; each nexus's queue is guarded by its own monitor.
 */
final class UnitAttentions {

    private final Map<ItNexus, Deque<SenseReason>> pending = new ConcurrentHashMap<>();

    /** Registers a nexus on first contact, queueing the power-on condition; no-op for a known nexus. */
    void admit(ItNexus nexus) {
        pending.computeIfAbsent(nexus, n -> {
            Deque<SenseReason> q = new ArrayDeque<>(4);
            q.add(SenseReason.POWER_ON_RESET_OCCURRED);
            return q;
        });
    }

    /** @return and removes the oldest pending condition for the nexus, or {@code null} */
    SenseReason poll(ItNexus nexus) {
        Deque<SenseReason> q = pending.get(nexus);
        if (q == null) {
            return null;
        }
        synchronized (q) {
            return q.pollFirst();
        }
    }

    /** @return whether the nexus has a pending condition */
    boolean hasPending(ItNexus nexus) {
        Deque<SenseReason> q = pending.get(nexus);
        if (q == null) {
            return false;
        }
        synchronized (q) {
            return !q.isEmpty();
        }
    }

    /** Queues a condition for one known nexus. */
    void establish(ItNexus nexus, SenseReason reason) {
        Deque<SenseReason> q = pending.get(nexus);
        if (q != null) {
            add(q, reason);
        }
    }

    /** Queues a condition for every known nexus except {@code except} (which may be {@code null}). */
    void establishForOthers(ItNexus except, SenseReason reason) {
        pending.forEach((nexus, q) -> {
            if (!nexus.equals(except)) {
                add(q, reason);
            }
        });
    }

    /** Queues a condition for every known nexus the filter accepts. */
    void establishWhere(Predicate<ItNexus> which, SenseReason reason) {
        pending.forEach((nexus, q) -> {
            if (which.test(nexus)) {
                add(q, reason);
            }
        });
    }

    /** Forgets the nexus; if it comes back it is new again. */
    void forget(ItNexus nexus) {
        pending.remove(nexus);
    }

    private static void add(Deque<SenseReason> q, SenseReason reason) {
        synchronized (q) {
            if (!q.contains(reason)) {
                q.addLast(reason);
            }
        }
    }
}

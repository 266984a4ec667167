package org.snaptarget.scsi;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The outcomes of the most recent EXTENDED COPY (LID1) commands received by one LU, keyed by the
 * sending nexus and the LIST IDENTIFIER (SPC-4 §6.18.2: a copy is identified by the pair), for
 * RECEIVE COPY RESULTS / COPY STATUS. Copies run synchronously, so only finished copies are ever
 * recorded. Bounded: the oldest of more than {@link #CAPACITY} entries is forgotten.
 *
 * <p>Thread safety: every method is synchronized on this object.
 */
public final class CopyStatusLog {

    static final int CAPACITY = 64;

    /** One finished copy: whether every segment was processed, how many were, and the bytes moved. */
    public record Status(boolean completed, int segmentsProcessed, long bytes) {
    }

    private record Key(ItNexus nexus, int listId) {
    }

    private final Map<Key, Status> entries = new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Status> eldest) {
            return size() > CAPACITY;
        }
    };

    public synchronized void record(ItNexus nexus, int listId, Status status) {
        Key key = new Key(nexus, listId);
        entries.remove(key);
        entries.put(key, status);
    }

    /** @return the recorded outcome, or {@code null} */
    public synchronized Status find(ItNexus nexus, int listId) {
        return entries.get(new Key(nexus, listId));
    }
}

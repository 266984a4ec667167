package org.snaptarget.iscsi.session;

import io.netty.channel.Channel;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The target's live normal sessions (RFC 7143 §4.4.3, §6.3.5): TSIH allocation and the identity
 * of each session, InitiatorName + ISID + TargetName. Logging in again with that identity and
 * TSIH 0 reinstates the session: the new one takes its place in the registry, and the caller closes
 * the old one's connection (aborting its tasks) and waits for {@link Entry#ended()} before the new
 * session runs commands, so the old nexus' cleanup cannot hit the new session's tasks.
 *
 * <p>Thread-safe: connections on different event loops register and unregister concurrently; one
 * lock guards both maps, and no I/O happens under it (channels are closed after it is released).
 */
public final class SessionRegistry {

    /** Who a session belongs to. Names are compared case-insensitively, as iSCSI names are (RFC 3722). */
    public record Identity(String initiatorName, long isid, String targetName) {
        public Identity {
            initiatorName = initiatorName.toLowerCase(java.util.Locale.ROOT);
            targetName = targetName.toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One registered session. {@code ended} completes once the session's connection has been torn
     * down (its tasks aborted, its nexus released), so a reinstating login can wait for it.
     */
    public record Entry(Identity identity, int tsih, Channel channel, CompletableFuture<Void> ended) {
    }

    /** The outcome of {@link #register}: the new entry and the session it replaced, if any. */
    public record Registration(Entry entry, Entry replaced) {
    }

    /** Guards {@link #byIdentity}, {@link #byTsih} and {@link #nextTsih}. */
    private final Object lock = new Object();
    private final Map<Identity, Entry> byIdentity = new HashMap<>();
    private final Map<Integer, Entry> byTsih = new HashMap<>();
    private int nextTsih = 1;

    /** The session with this TSIH, if any. */
    public Optional<Entry> find(int tsih) {
        synchronized (lock) {
            return Optional.ofNullable(byTsih.get(tsih));
        }
    }

    /**
     * Registers a session for {@code channel}. With {@code tsih} 0 a fresh TSIH is allocated and a
     * live session of the same identity is replaced (reinstatement); with a non-zero {@code tsih}
     * the session of that TSIH (same identity, checked by the caller) is taken over.
     *
     * @return the new entry, and the replaced one (the caller closes its channel and may await its end)
     */
    public Registration register(Identity identity, int tsih, Channel channel) {
        Entry old;
        Entry entry;
        synchronized (lock) {
            old = byIdentity.remove(identity);
            if (old != null) {
                byTsih.remove(old.tsih());
            }
            if (tsih == 0) {
                tsih = allocate();
            } else {
                Entry holder = byTsih.remove(tsih);
                if (holder != null && holder != old) {
                    byIdentity.remove(holder.identity());
                    old = holder;
                }
            }
            entry = new Entry(identity, tsih, channel, new CompletableFuture<>());
            byIdentity.put(identity, entry);
            byTsih.put(tsih, entry);
        }
        return new Registration(entry, old != null && old.channel() != channel ? old : null);
    }

    /** Removes {@code entry} if it is still the registered session for its identity, and marks it ended. */
    public void unregister(Entry entry) {
        synchronized (lock) {
            if (byIdentity.get(entry.identity()) == entry) {
                byIdentity.remove(entry.identity());
            }
            if (byTsih.get(entry.tsih()) == entry) {
                byTsih.remove(entry.tsih());
            }
        }
        entry.ended().complete(null);
    }

    /** The live sessions, ordered by TSIH (a snapshot taken under the lock). */
    public java.util.List<Entry> entries() {
        synchronized (lock) {
            return byTsih.values().stream().sorted(java.util.Comparator.comparingInt(Entry::tsih)).toList();
        }
    }

    /** Number of live sessions. */
    public int size() {
        synchronized (lock) {
            return byTsih.size();
        }
    }

    private int allocate() {
        for (int i = 0; i < 0xffff; i++) {
            int candidate = nextTsih;
            nextTsih = nextTsih == 0xffff ? 1 : nextTsih + 1;
            if (!byTsih.containsKey(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("all 65535 TSIHs are in use");
    }
}

package org.snaptarget.store.engine;

import java.util.LinkedHashMap;
import java.util.Map;
import org.snaptarget.store.btree.Node;

/**
 * A bounded LRU cache of clean (durable, immutable) tree nodes by block number. Kept small on
 * purpose: nodes are read through the OS page cache, which sizes itself to the machine. Thread-
 * safe: every method holds this object's monitor (access order changes on every hit).
 */
final class NodeCache {

    private final LinkedHashMap<Long, Node> map;

    NodeCache(int capacity) {
        this.map = new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Node> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized Node get(long block) {
        return map.get(block);
    }

    synchronized void put(Node node) {
        map.put(node.block(), node);
    }

    synchronized void remove(long block) {
        map.remove(block);
    }

    synchronized int size() {
        return map.size();
    }
}

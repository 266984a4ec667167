package org.snaptarget.store.engine;

import org.snaptarget.store.Pool;
import org.snaptarget.store.PoolConfig;

/** The pool implementation: entry points used by {@link Pool#create} and {@link Pool#open}. */
public final class PoolEngine {

    private PoolEngine() {
    }

    public static Pool create(PoolConfig config) {
        throw new UnsupportedOperationException("store engine not written yet");
    }

    public static Pool open(PoolConfig config) {
        throw new UnsupportedOperationException("store engine not written yet");
    }
}

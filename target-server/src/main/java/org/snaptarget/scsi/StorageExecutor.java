package org.snaptarget.scsi;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bounded pool on which commands that touch the medium run: a fixed number of platform
 * threads (blocking FileChannel I/O pins virtual threads' carriers, so they would gain nothing)
 * and a bounded queue. When the queue is full {@link #execute} throws
 * {@link java.util.concurrent.RejectedExecutionException}, which the dispatcher answers with
 * TASK SET FULL (SAM-5 §5.3.1) instead of letting work pile up without limit.
 *
 * <p>Threads are daemons named {@code scsi-storage-N}; {@link #close} stops accepting work and
 * waits for queued work to drain.
 */
public final class StorageExecutor implements Executor, AutoCloseable {

    /** Default thread count: two per core — storage threads mostly wait on the page cache or the disk. */
    public static final int DEFAULT_THREADS = 2 * Runtime.getRuntime().availableProcessors();

    /** Default queue capacity: enough for several initiators at queue depth 128. */
    public static final int DEFAULT_QUEUE = 1024;

    private final ThreadPoolExecutor pool;

    /** A pool with {@link #DEFAULT_THREADS} threads and a queue of {@link #DEFAULT_QUEUE}. */
    public StorageExecutor() {
        this(DEFAULT_THREADS, DEFAULT_QUEUE);
    }

    public StorageExecutor(int threads, int queueCapacity) {
        if (threads < 1 || queueCapacity < 1) {
            throw new IllegalArgumentException("threads and queue capacity must be positive: " + threads + ", " + queueCapacity);
        }
        AtomicInteger ids = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "scsi-storage-" + ids.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queueCapacity), factory, new ThreadPoolExecutor.AbortPolicy());
    }

    @Override
    public void execute(Runnable command) {
        pool.execute(command);
    }

    /** Stops accepting work and waits up to 30 s for queued work to finish. */
    @Override
    public void close() {
        pool.shutdown();
        try {
            if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}

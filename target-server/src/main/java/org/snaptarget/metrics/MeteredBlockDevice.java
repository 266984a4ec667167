package org.snaptarget.metrics;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;

import org.snaptarget.metrics.IoMetrics.Operation;
import org.snaptarget.scsi.BlockDevice;
import org.snaptarget.scsi.ForwardingBlockDevice;

/**
 * A {@link BlockDevice} decorator that counts each medium operation of the device it wraps into an
 * {@link IoMetrics}: operations, failures, bytes and latency (measured with {@link System#nanoTime()}).
 * Everything else — geometry, identity, provisioning, the reservation file — is the wrapped
 * device's, unchanged.
 */
public final class MeteredBlockDevice extends ForwardingBlockDevice {

    private final IoMetrics metrics;

    public MeteredBlockDevice(BlockDevice device, IoMetrics metrics) {
        super(device);
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    public IoMetrics metrics() {
        return metrics;
    }

    @Override
    public void writeAtomic(long offset, ByteBuffer src) throws IOException {
        int n = src.remaining();
        long start = System.nanoTime();
        boolean failed = true;
        try {
            device.writeAtomic(offset, src);
            failed = false;
        } finally {
            metrics.record(Operation.WRITE, n, System.nanoTime() - start, failed);
        }
    }

    @Override
    public void read(long offset, ByteBuffer dst) throws IOException {
        int n = dst.remaining();
        long start = System.nanoTime();
        boolean failed = true;
        try {
            device.read(offset, dst);
            failed = false;
        } finally {
            metrics.record(Operation.READ, n, System.nanoTime() - start, failed);
        }
    }

    @Override
    public void write(long offset, ByteBuffer src, boolean fua) throws IOException {
        int n = src.remaining();
        long start = System.nanoTime();
        boolean failed = true;
        try {
            device.write(offset, src, fua);
            failed = false;
        } finally {
            metrics.record(Operation.WRITE, n, System.nanoTime() - start, failed);
        }
    }

    @Override
    public void write(long offset, ByteBuffer[] srcs, boolean fua) throws IOException {
        long n = 0;
        for (ByteBuffer b : srcs) {
            n += b.remaining();
        }
        long start = System.nanoTime();
        boolean failed = true;
        try {
            device.write(offset, srcs, fua);
            failed = false;
        } finally {
            metrics.record(Operation.WRITE, n, System.nanoTime() - start, failed);
        }
    }

    @Override
    public void flush() throws IOException {
        long start = System.nanoTime();
        boolean failed = true;
        try {
            device.flush();
            failed = false;
        } finally {
            metrics.record(Operation.FLUSH, 0, System.nanoTime() - start, failed);
        }
    }

    @Override
    public void unmap(long offset, long length) throws IOException {
        long start = System.nanoTime();
        boolean failed = true;
        try {
            device.unmap(offset, length);
            failed = false;
        } finally {
            metrics.record(Operation.UNMAP, length, System.nanoTime() - start, failed);
        }
    }

    @Override
    public String toString() {
        return "Metered" + device;
    }
}

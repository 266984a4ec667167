package org.snaptarget.metrics;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

import org.snaptarget.metrics.IoMetrics.Operation;
import org.snaptarget.scsi.BlockDevice;
import org.snaptarget.scsi.DeviceIdentity;

/**
 * A {@link BlockDevice} decorator that counts each medium operation of the device it wraps into an
 * {@link IoMetrics}: operations, failures, bytes and latency (measured with {@link System#nanoTime()}).
 * Everything else — geometry, identity, provisioning, the reservation file — is the wrapped
 * device's, unchanged.
 */
public final class MeteredBlockDevice implements BlockDevice {

    private final BlockDevice device;
    private final IoMetrics metrics;

    public MeteredBlockDevice(BlockDevice device, IoMetrics metrics) {
        this.device = Objects.requireNonNull(device, "device");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    public BlockDevice device() {
        return device;
    }

    public IoMetrics metrics() {
        return metrics;
    }

    @Override
    public long size() {
        return device.size();
    }

    @Override
    public int blockSize() {
        return device.blockSize();
    }

    @Override
    public boolean readOnly() {
        return device.readOnly();
    }

    @Override
    public DeviceIdentity identity() {
        return device.identity();
    }

    @Override
    public boolean thinProvisioned() {
        return device.thinProvisioned();
    }

    @Override
    public boolean unmapReadsZero() {
        return device.unmapReadsZero();
    }

    @Override
    public int unmapGranularityBlocks() {
        return device.unmapGranularityBlocks();
    }

    @Override
    public int atomicWriteBlocks() {
        return device.atomicWriteBlocks();
    }

    @Override
    public int physicalBlockExponent() {
        return device.physicalBlockExponent();
    }

    @Override
    public Optional<Path> reservationFile() {
        return device.reservationFile();
    }

    @Override
    public ProvisioningStatus provisioningStatus(long offset, long maxLength) throws IOException {
        return device.provisioningStatus(offset, maxLength);
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
    public void close() throws IOException {
        device.close();
    }

    @Override
    public String toString() {
        return "Metered" + device;
    }
}

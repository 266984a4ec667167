package org.snaptarget.scsi;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link BlockDevice} that passes every call to the device it wraps: the base of decorators
 * (metering, atomic-write journaling), which override only what they change. A method added to
 * {@link BlockDevice} is forwarded here once, so no decorator silently falls back to a default
 * the wrapped device overrides.
 */
public abstract class ForwardingBlockDevice implements BlockDevice {

    protected final BlockDevice device;

    protected ForwardingBlockDevice(BlockDevice device) {
        this.device = Objects.requireNonNull(device, "device");
    }

    /** @return the wrapped device */
    public BlockDevice device() {
        return device;
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
    public void writeAtomic(long offset, ByteBuffer src) throws IOException {
        device.writeAtomic(offset, src);
    }

    @Override
    public Optional<RangeLock> sharedWriteLock() {
        return device.sharedWriteLock();
    }

    @Override
    public void read(long offset, ByteBuffer dst) throws IOException {
        device.read(offset, dst);
    }

    @Override
    public void write(long offset, ByteBuffer src, boolean fua) throws IOException {
        device.write(offset, src, fua);
    }

    @Override
    public void write(long offset, ByteBuffer[] srcs, boolean fua) throws IOException {
        device.write(offset, srcs, fua);
    }

    @Override
    public void flush() throws IOException {
        device.flush();
    }

    @Override
    public void unmap(long offset, long length) throws IOException {
        device.unmap(offset, length);
    }

    @Override
    public ProvisioningStatus provisioningStatus(long offset, long maxLength) throws IOException {
        return device.provisioningStatus(offset, maxLength);
    }

    @Override
    public Optional<Path> reservationFile() {
        return device.reservationFile();
    }

    @Override
    public void close() throws IOException {
        device.close();
    }
}

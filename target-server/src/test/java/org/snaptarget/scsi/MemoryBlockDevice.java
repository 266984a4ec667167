package org.snaptarget.scsi;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;

/** A block device in a heap array, for tests: counts flushes and FUA writes, can fail on demand. */
public class MemoryBlockDevice implements BlockDevice {

    private final byte[] data;
    private final int blockSize;
    private final boolean readOnly;
    private final DeviceIdentity identity;
    public final AtomicInteger flushes = new AtomicInteger();
    public final AtomicInteger fuaWrites = new AtomicInteger();
    public final AtomicInteger writes = new AtomicInteger();
    public volatile IOException failNext;

    public MemoryBlockDevice(int blocks, int blockSize, boolean readOnly) {
        this.data = new byte[blocks * blockSize];
        this.blockSize = blockSize;
        this.readOnly = readOnly;
        this.identity = new DeviceIdentity(0x5D7A06_0123456789L | (5L << 60), "SERIAL0001");
    }

    public MemoryBlockDevice(int blocks) {
        this(blocks, 512, false);
    }

    public byte[] bytes() {
        return data;
    }

    @Override
    public long size() {
        return data.length;
    }

    @Override
    public int blockSize() {
        return blockSize;
    }

    @Override
    public boolean readOnly() {
        return readOnly;
    }

    @Override
    public DeviceIdentity identity() {
        return identity;
    }

    @Override
    public boolean thinProvisioned() {
        return true;
    }

    @Override
    public boolean unmapReadsZero() {
        return true;
    }

    @Override
    public int unmapGranularityBlocks() {
        return 8;
    }

    private void maybeFail() throws IOException {
        IOException e = failNext;
        if (e != null) {
            failNext = null;
            throw e;
        }
    }

    @Override
    public synchronized void read(long offset, ByteBuffer dst) throws IOException {
        maybeFail();
        dst.put(data, (int) offset, dst.remaining());
    }

    @Override
    public synchronized void write(long offset, ByteBuffer src, boolean fua) throws IOException {
        maybeFail();
        writes.incrementAndGet();
        src.get(data, (int) offset, src.remaining());
        if (fua) {
            fuaWrites.incrementAndGet();
        }
    }

    @Override
    public void flush() {
        flushes.incrementAndGet();
    }

    @Override
    public synchronized void unmap(long offset, long length) throws IOException {
        maybeFail();
        java.util.Arrays.fill(data, (int) offset, (int) (offset + length), (byte) 0);
    }

    @Override
    public void close() {
    }
}

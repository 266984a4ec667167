package org.snaptarget.iscsi.codec;

import io.netty.buffer.ByteBuf;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The iSCSI header and data digest (RFC 7143 §13.1, CRC32C of RFC 3720 Appendix B / RFC 7143
 * Appendix A). The 32-bit value goes on the wire least-significant byte first, as the RFC's test
 * vectors show (32 zero bytes digest to the wire bytes {@code aa 36 91 8a}).
 *
 * <p>Computed over the buffers' NIO views (no copies); {@link CRC32C} is a JVM intrinsic. One
 * instance per channel; not thread-safe.
 */
public final class Crc32cDigest {
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(4).asReadOnlyBuffer();

    private final CRC32C crc = new CRC32C();

    /** CRC32C of {@code length} bytes of {@code buf} from {@code index}, followed by {@code zeroPad} zero bytes. */
    public int compute(ByteBuf buf, int index, int length, int zeroPad) {
        crc.reset();
        if (length > 0) {
            if (buf.nioBufferCount() == 1) {
                crc.update(buf.nioBuffer(index, length));
            } else {
                for (ByteBuffer b : buf.nioBuffers(index, length)) {
                    crc.update(b);
                }
            }
        }
        if (zeroPad > 0) {
            crc.update(ZEROS.duplicate().limit(zeroPad));
        }
        return (int) crc.getValue();
    }
}

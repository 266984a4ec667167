package org.snaptarget.store;

/**
 * Every failure the store reports. A closed set: callers (the SCSI layer) map each kind to one
 * sense reason.
 */
public abstract sealed class StoreException extends RuntimeException {

    private StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    /** No free chunk for a write that needs one (SCSI: DATA PROTECT, 27h/07h). Writes in place still succeed. */
    public static final class StoreFull extends StoreException {
        public StoreFull(String message) {
            super(message, null);
        }
    }

    /**
     * On-disk metadata failed a check. Names the block, the field, and the expected and actual
     * values; the pool turns read-only before this is thrown.
     */
    public static final class Corruption extends StoreException {
        private final long block;

        public Corruption(long block, String field, Object expected, Object actual) {
            super("corrupt metadata at block " + block + ": " + field + " expected " + expected + ", found " + actual, null);
            this.block = block;
        }

        public Corruption(String message) {
            super(message, null);
            this.block = -1;
        }

        public long block() {
            return block;
        }
    }

    /** The pool is read-only (after corruption) or the volume is a read-only snapshot. */
    public static final class ReadOnly extends StoreException {
        public ReadOnly(String message) {
            super(message, null);
        }
    }

    /** A bad argument: the message says which and why. */
    public static final class InvalidRequest extends StoreException {
        public InvalidRequest(String message) {
            super(message, null);
        }
    }

    /** The named snapshot does not exist. */
    public static final class NotFound extends StoreException {
        public NotFound(String message) {
            super(message, null);
        }
    }

    /** The device failed underneath (EIO, ENOSPC on the file system, closed channel). */
    public static final class DeviceError extends StoreException {
        public DeviceError(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

package org.snaptarget.iscsi.session;

import java.time.Duration;

/**
 * Target-initiated NOP-In pings (RFC 7143 §11.19, §6.3 "connection keepalive"): after
 * {@code interval} without inbound traffic the target pings; with no answer and no other traffic
 * for {@code timeout} after the ping, it declares the connection dead and closes it.
 */
public record KeepAliveSettings(Duration interval, Duration timeout) {

    public KeepAliveSettings {
        if (interval.isNegative() || interval.isZero() || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("keepalive interval and timeout must be positive");
        }
    }

    /** 5 s idle before a ping, 30 s for its answer. */
    public static KeepAliveSettings defaults() {
        return new KeepAliveSettings(Duration.ofSeconds(5), Duration.ofSeconds(30));
    }
}

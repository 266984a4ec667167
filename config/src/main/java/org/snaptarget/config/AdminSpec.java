package org.snaptarget.config;

import java.util.Objects;

/**
 * The admin endpoint (HTTP + JSON, authorised by a token file in {@code dataDir}).
 *
 * @param listen a loopback address: the endpoint speaks plain HTTP
 */
public record AdminSpec(HostPort listen) {

    public static final HostPort DEFAULT_LISTEN = new HostPort("127.0.0.1", 3280);

    public AdminSpec {
        Objects.requireNonNull(listen, "listen");
    }
}

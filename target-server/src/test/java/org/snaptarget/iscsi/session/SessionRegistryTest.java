package org.snaptarget.iscsi.session;

import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** TSIH allocation and session identity (RFC 7143 §4.4.3, §6.3.5). */
class SessionRegistryTest {

    static final SessionRegistry.Identity A = new SessionRegistry.Identity("iqn.2026-11.org.example:A", 1, "iqn.t:x");

    @Test
    void tsihsAreNonZeroAndUniqueAmongLiveSessions() {
        SessionRegistry r = new SessionRegistry();
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            int tsih = r.register(new SessionRegistry.Identity("iqn.i", i, "iqn.t"), 0, new EmbeddedChannel()).entry()
                    .tsih();
            assertTrue(tsih > 0 && tsih <= 0xffff);
            assertTrue(seen.add(tsih));
        }
        assertEquals(1000, r.size());
    }

    @Test
    void sameIdentityWithTsihZeroReplacesTheLiveSession() {
        SessionRegistry r = new SessionRegistry();
        SessionRegistry.Registration first = r.register(A, 0, new EmbeddedChannel());
        assertNull(first.replaced());
        SessionRegistry.Identity sameIgnoringCase = new SessionRegistry.Identity("IQN.2026-11.ORG.EXAMPLE:a", 1,
                "IQN.T:X");
        SessionRegistry.Registration second = r.register(sameIgnoringCase, 0, new EmbeddedChannel());
        assertSame(first.entry(), second.replaced(), "iSCSI names compare case-insensitively");
        assertNotEquals(first.entry().tsih(), second.entry().tsih());
        assertEquals(1, r.size());
        r.unregister(first.entry());
        assertEquals(1, r.size(), "the replaced session's late teardown does not remove its successor");
        assertTrue(first.entry().ended().isDone());
    }

    @Test
    void namingALiveTsihKeepsIt() {
        SessionRegistry r = new SessionRegistry();
        SessionRegistry.Registration first = r.register(A, 0, new EmbeddedChannel());
        int tsih = first.entry().tsih();
        SessionRegistry.Registration again = r.register(A, tsih, new EmbeddedChannel());
        assertEquals(tsih, again.entry().tsih());
        assertSame(first.entry(), again.replaced());
        assertSame(again.entry(), r.find(tsih).orElseThrow());
        r.unregister(again.entry());
        assertTrue(r.find(tsih).isEmpty());
        assertEquals(0, r.size());
    }

    @Test
    void differentIsidIsADifferentSession() {
        SessionRegistry r = new SessionRegistry();
        r.register(A, 0, new EmbeddedChannel());
        SessionRegistry.Registration other = r.register(new SessionRegistry.Identity(A.initiatorName(), 2,
                A.targetName()), 0, new EmbeddedChannel());
        assertNull(other.replaced());
        assertEquals(2, r.size());
    }
}

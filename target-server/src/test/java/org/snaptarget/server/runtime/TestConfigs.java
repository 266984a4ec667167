package org.snaptarget.server.runtime;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.snaptarget.config.AdminSpec;
import org.snaptarget.config.HostPort;
import org.snaptarget.config.Iqn;
import org.snaptarget.config.LunSpec;
import org.snaptarget.config.OriginSpec;
import org.snaptarget.config.Percent;
import org.snaptarget.config.PoolSpec;
import org.snaptarget.config.ScheduleSpec;
import org.snaptarget.config.Size;
import org.snaptarget.config.SnapTargetConfig;
import org.snaptarget.config.StoreSpec;
import org.snaptarget.config.TargetSpec;

/** Small configurations built in code for runtime tests: one pool "p", one target, loopback port 0. */
final class TestConfigs {

    static final String TARGET = "iqn.2026-11.org.snaptarget:t1";

    private TestConfigs() {
    }

    static PoolSpec pool(Path dataDir, String name, long origin, long store, long chunk, int warnAt,
                         List<ScheduleSpec> schedules) {
        return new PoolSpec(name, new OriginSpec(dataDir.resolve(name + ".origin"), Size.ofBytes(origin)),
                new StoreSpec(dataDir.resolve(name + ".store"), Size.ofBytes(store), new Percent(warnAt)),
                Size.ofBytes(chunk), schedules);
    }

    static SnapTargetConfig config(Path dataDir, PoolSpec pool, List<LunSpec> luns) {
        return new SnapTargetConfig(dataDir, List.of(new HostPort("127.0.0.1", 0)),
                new AdminSpec(new HostPort("127.0.0.1", 0)), List.of(pool),
                List.of(new TargetSpec(new Iqn(TARGET), Optional.empty(), Optional.empty(), Optional.empty(),
                        List.of(), luns)));
    }

    static LunSpec origin(int lun) {
        return new LunSpec(lun, "p", Optional.empty(), false);
    }
}

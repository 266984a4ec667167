package org.snaptarget.e2e.harness;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every process the harness starts, so that none outlives the test JVM: a shutdown hook kills
 * those still alive, each by its own PID (with its descendants), never by name. Normal cleanup
 * is the owner's job ({@code @AfterAll}); this is the safety net for a crashed or interrupted run.
 */
public final class ChildProcesses {

    private static final Set<Process> STARTED = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ChildProcesses::killAll, "e2e-reaper"));
    }

    private ChildProcesses() {
    }

    public static void register(Process process) {
        STARTED.removeIf(p -> !p.isAlive());
        STARTED.add(process);
    }

    private static void killAll() {
        for (Process p : STARTED) {
            if (p.isAlive()) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        }
    }
}

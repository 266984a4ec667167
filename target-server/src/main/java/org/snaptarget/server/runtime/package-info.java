/**
 * The running server (issue 5): {@link org.snaptarget.server.runtime.ServerRuntime} builds pools,
 * targets and LUNs from a validated configuration, serves them over iSCSI and implements the admin
 * operations (snapshot create/list/delete, LUN add/remove, status, metrics);
 * {@link org.snaptarget.server.runtime.EmbeddedDefault} is the configuration of {@code serve}
 * without {@code --config}.
 *
 * <p>What the runtime keeps in the configuration's {@code dataDir} (the configuration file itself
 * is never rewritten):
 * <pre>
 * identities.json        NAA designator and serial of every pool device ever exported, by (pool, snapshot id)
 * runtime-state.json     LUNs added/removed at run time; which snapshots schedules took
 * reservations/*.pr      persistent reservations with APTPL, one file per exported LUN
 *                        (NAA designator, target, LUN number in the name)
 * atomic/*.awj           redo journal of WRITE ATOMIC(16), one per exported pool device (NAA
 *                        designator in the name; {@link org.snaptarget.lun.AtomicWriteJournal})
 * </pre>
 * plus the pools' origin and store files wherever the configuration puts them (relative paths are
 * inside {@code dataDir}). Every state file is replaced atomically
 * ({@link org.snaptarget.lun.DurableFile}).
 *
 * <p>Use:
 * <pre>{@code
 * ServerRuntime runtime = ServerRuntime.start(ConfigLoader.load(file).orThrow(), file);
 * // ... runtime is the AdminOperations of the admin endpoint ...
 * runtime.close();
 * }</pre>
 */
package org.snaptarget.server.runtime;

/**
 * The SCSI layer: a transport-independent SCSI target device (SAM-5) with the SPC-4 primary and
 * SBC-4 block command sets, over {@link org.snaptarget.scsi.BlockDevice}s.
 *
 * <p>Shape. A transport builds one {@link org.snaptarget.scsi.LogicalUnitTable} per SCSI target
 * (LUN number → block device, plus a bounded {@link org.snaptarget.scsi.StorageExecutor}) and talks
 * to it only through {@link org.snaptarget.scsi.ScsiTargetDevice}. Every command goes through one
 * dispatcher and one table: {@link org.snaptarget.scsi.StandardCommands} lists every supported
 * command as a {@link org.snaptarget.scsi.CommandDescriptor} (opcode, service action, CDB usage
 * map, direction, inline or storage execution, medium access, handler); the
 * {@link org.snaptarget.scsi.CommandTable} enforces the usage maps as reserved-bit checks and
 * generates REPORT SUPPORTED OPERATION CODES. Handlers live in {@code scsi.spc} (primary commands,
 * reservations, third-party copy) and {@code scsi.sbc} (block commands); every CHECK CONDITION is
 * a {@link org.snaptarget.scsi.sense.SenseException} turned into fixed-format sense by
 * {@link org.snaptarget.scsi.sense.SenseResponder}.
 *
 * <p>Per logical unit ({@link org.snaptarget.scsi.LogicalUnit}): unit attentions per I_T nexus,
 * the task set with abort state machines, task-attribute ordering, a byte-range write lock that
 * makes COMPARE AND WRITE and ORWRITE atomic, SPC-2 and persistent reservations (APTPL state in
 * the device's reservation file), and the EXTENDED COPY status log.
 *
 * <p>Threads. {@code execute} runs on the caller's event loop and never blocks it: inline commands
 * complete there, storage commands run on the storage executor and complete on its threads. This
 * package never imports the iSCSI transport.
 */
package org.snaptarget.scsi;

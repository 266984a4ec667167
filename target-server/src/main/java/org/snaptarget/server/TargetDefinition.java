package org.snaptarget.server;

import org.snaptarget.iscsi.login.ChapSecret;
import org.snaptarget.scsi.ScsiTargetDevice;

import java.util.Optional;
import java.util.Set;

/**
 * One target as the server exposes it: its name and access rules (RFC 7143 §12 CHAP, ACL by
 * initiator name) and the SCSI device holding its LUNs.
 *
 * @param allowedInitiators initiator names admitted; empty admits everyone
 */
public record TargetDefinition(String name, String alias, Optional<ChapSecret> chap, Optional<ChapSecret> mutualChap,
                               Set<String> allowedInitiators, ScsiTargetDevice device) {
}

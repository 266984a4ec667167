package org.snaptarget.iscsi.login;

import java.util.Set;

/**
 * Names of the non-operational keys login and text negotiation handle themselves (RFC 7143 §12,
 * §13): identity declarations, security keys, target-only declarations and SendTargets.
 */
final class KeyNames {

    static final String INITIATOR_NAME = "InitiatorName";
    static final String INITIATOR_ALIAS = "InitiatorAlias";
    static final String TARGET_NAME = "TargetName";
    static final String TARGET_ALIAS = "TargetAlias";
    static final String TARGET_ADDRESS = "TargetAddress";
    static final String TARGET_PORTAL_GROUP_TAG = "TargetPortalGroupTag";
    static final String SESSION_TYPE = "SessionType";
    static final String AUTH_METHOD = "AuthMethod";
    static final String SEND_TARGETS = "SendTargets";

    /** The CHAP keys of RFC 7143 §12.1.3. */
    static final Set<String> CHAP_KEYS = Set.of("CHAP_A", "CHAP_I", "CHAP_C", "CHAP_N", "CHAP_R");

    /** Declarations only a target sends: an initiator sending one during login commits a protocol error. */
    static final Set<String> TARGET_DECLARATIONS = Set.of(TARGET_ALIAS, TARGET_ADDRESS, TARGET_PORTAL_GROUP_TAG);

    /** Keys that belong to the login phase only and are rejected in a full-feature text request. */
    static final Set<String> LOGIN_ONLY = Set.of(INITIATOR_NAME, TARGET_NAME, SESSION_TYPE, AUTH_METHOD,
            "CHAP_A", "CHAP_I", "CHAP_C", "CHAP_N", "CHAP_R", TARGET_ALIAS, TARGET_ADDRESS, TARGET_PORTAL_GROUP_TAG);

    /** iSCSI names are at most 223 bytes (RFC 7143 §4.2.7.1). */
    static final int MAX_ISCSI_NAME_BYTES = 223;

    private KeyNames() {
    }
}

package org.snaptarget.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.snaptarget.e2e.harness.TargetSpec.MIB;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.snaptarget.e2e.harness.ChapCredentials;
import org.snaptarget.e2e.harness.CommandResult;
import org.snaptarget.e2e.harness.E2eEnvironment;
import org.snaptarget.e2e.harness.InquiryReport;
import org.snaptarget.e2e.harness.IscsiInq;
import org.snaptarget.e2e.harness.IscsiUrl;
import org.snaptarget.e2e.harness.QemuIo;
import org.snaptarget.e2e.harness.RequiredTool;
import org.snaptarget.e2e.harness.TargetSpec;
import org.snaptarget.e2e.harness.TargetUnderTest;

/**
 * CHAP (RFC 7143 §12.1.3, RFC 1994) with libiscsi as the initiator: the right secret logs in and
 * the disk works; a wrong secret, a wrong user or no credentials at all are refused. Mutual CHAP:
 * the initiator also checks the target's answer, so a target secret the initiator does not expect
 * ends the login too. Two targets: one with one-way CHAP, one with mutual CHAP.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChapLoginTest {

    private static final ChapCredentials HOST = new ChapCredentials("host1", "s3cret-host-01");
    private static final ChapCredentials TARGET = new ChapCredentials("target1", "s3cret-target-1");

    private TargetUnderTest oneWay;
    private TargetUnderTest mutual;

    @BeforeAll
    void startTargets() {
        RequiredTool.requireQemuIscsiDriver();
        oneWay = E2eEnvironment.selectedKind().start(TargetSpec.ofSize(64 * MIB).withChap(HOST),
                E2eEnvironment.scratchDir("chap-one-way"));
        mutual = E2eEnvironment.selectedKind().start(TargetSpec.ofSize(64 * MIB).withChap(HOST).withMutualChap(TARGET),
                E2eEnvironment.scratchDir("chap-mutual"));
    }

    @AfterAll
    void stopTargets() {
        for (TargetUnderTest t : new TargetUnderTest[] {oneWay, mutual}) {
            if (t != null) {
                t.close();
            }
        }
    }

    @Test
    void rightSecretLogsInAndTheDiskWorks() {
        InquiryReport inq = IscsiInq.standard(oneWay.url());
        assertEquals("DIRECT_ACCESS", inq.first("Peripheral Device Type").orElse(""), inq::toString);

        QemuIo.runVerified(oneWay.url(), List.of("write -P 0x42 1M 256k", "read -P 0x42 1M 256k"));
    }

    @Test
    void wrongSecretIsRefused() {
        assertRefused(oneWay, oneWay.anonymousUrl().withChap(HOST.withSecret("wrong-secret-01")));
    }

    @Test
    void unknownUserIsRefused() {
        assertRefused(oneWay, oneWay.anonymousUrl().withChap(new ChapCredentials("intruder", HOST.secret())));
    }

    @Test
    void loginWithoutCredentialsIsRefused() {
        assertRefused(oneWay, oneWay.anonymousUrl());
    }

    @Test
    void mutualChapWithBothSecretsRightLogsIn() {
        InquiryReport inq = IscsiInq.standard(mutual.url());

        assertEquals("DIRECT_ACCESS", inq.first("Peripheral Device Type").orElse(""), inq::toString);
    }

    @Test
    void mutualChapFailsWhenTheTargetsAnswerIsNotTheExpectedOne() {
        IscsiUrl expectsOtherTargetSecret = mutual.anonymousUrl().withChap(HOST)
                .withTargetChap(TARGET.withSecret("not-the-target1"));

        assertRefused(mutual, expectsOtherTargetSecret);
    }

    @Test
    void mutualChapTargetStillRefusesAWrongInitiatorSecret() {
        assertRefused(mutual, mutual.anonymousUrl().withChap(HOST.withSecret("wrong-secret-02")).withTargetChap(TARGET));
    }

    private static void assertRefused(TargetUnderTest target, IscsiUrl url) {
        CommandResult attempt = IscsiInq.attempt(url);

        assertFalse(attempt.succeeded(), () -> "login should have been refused: " + attempt.describe());
        assertFalse(attempt.timedOut(), () -> "a refused login must end, not hang: " + attempt.describe());
        String out = attempt.output().toLowerCase();
        assertTrue(out.contains("login") || out.contains("authentication") || out.contains("chap"),
                () -> "refusal is not a login/authentication failure: " + attempt.describe()
                      + "\n--- " + target.name() + " log ---\n" + target.logTail(20));
        assertFalse(out.contains("peripheral device type"), "a refused login must not reach INQUIRY");
        System.out.println("[e2e] refused as expected: " + attempt.output().strip().lines().findFirst().orElse(""));
    }
}

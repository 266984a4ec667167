package org.snaptarget.e2e.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/**
 * The harness's handling of the SnapTarget process, checked against {@link FakeSnapTargetMain}
 * packed as a jar (a manifest pointing at the test classes): it waits for the ready line, reports an
 * early exit with the log, stops the server with SIGTERM and kills one that ignores it.
 */
class SnapTargetProcessTest {

    private String savedJarProperty;
    private Path dir;

    @BeforeEach
    void useFakeJar() throws IOException, URISyntaxException {
        dir = E2eEnvironment.scratchDir("fake-server");
        Path jar = dir.resolve("fake-snaptarget.jar");
        Path classes = Path.of(FakeSnapTargetMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, FakeSnapTargetMain.class.getName());
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classes.toUri().toString());
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, manifest)) {
            j.flush();
        }
        savedJarProperty = System.getProperty("snaptarget.jar");
        System.setProperty("snaptarget.jar", jar.toString());
    }

    @AfterEach
    void restoreJar() {
        if (savedJarProperty == null) {
            System.clearProperty("snaptarget.jar");
        } else {
            System.setProperty("snaptarget.jar", savedJarProperty);
        }
    }

    @Test
    void startWaitsForTheReadyLineAndStopsTheServerWithSigterm() {
        SnapTargetProcess p = SnapTargetProcess.start(TargetSpec.ofSize(1 << 20), dir);
        try {
            assertTrue(FreePort.awaitListening(p.port(), Duration.ofSeconds(1)), "not listening after 'ready'");
            assertTrue(p.logTail(5).contains("--size, 1048576"), p.logTail(5));
        } finally {
            p.close();
        }
        assertEquals(143, p.lastExitCode(), "a JVM ended by SIGTERM exits 143");
        assertFalse(FreePort.awaitListening(p.port(), Duration.ofMillis(200)), "still listening after close");
    }

    @Test
    void chapAndReadOnlyBecomeServeFlags() {
        ChapCredentials host = new ChapCredentials("host1", "s3cret-host-01");
        ChapCredentials target = new ChapCredentials("target1", "s3cret-target-1");
        try (SnapTargetProcess p = SnapTargetProcess.start(TargetSpec.ofSize(1 << 20).withChap(host)
                .withMutualChap(target).asReadOnly(), dir)) {
            String log = p.logTail(5);
            assertTrue(log.contains("--chap-user, host1, --chap-secret, s3cret-host-01, --mutual-chap-user, target1,"
                                    + " --mutual-chap-secret, s3cret-target-1, --read-only"), log);
            String firstStart = Text.tail(dir.resolve("snaptarget-1.log"), 5);
            assertFalse(firstStart.contains("--read-only"), "the LUN is created by a read-write start first: " + firstStart);
        }
    }

    @Test
    void serverExitingBeforeReadyFailsTheStartWithItsLog() throws IOException {
        Files.writeString(dir.resolve("fake-mode"), "exit-early");

        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> SnapTargetProcess.start(TargetSpec.ofSize(1 << 20), dir));
        assertTrue(e.getMessage().contains("exited with status 3"), e.getMessage());
        assertTrue(e.getMessage().contains("cannot open the data directory"), e.getMessage());
    }

    @Test
    void serverIgnoringSigtermIsKilled() throws IOException {
        Files.writeString(dir.resolve("fake-mode"), "ignore-term");
        SnapTargetProcess p = SnapTargetProcess.start(TargetSpec.ofSize(1 << 20), dir, Duration.ofSeconds(1));

        p.close();

        assertNull(p.lastExitCode(), "an exit code means it stopped by itself");
        assertFalse(FreePort.awaitListening(p.port(), Duration.ofMillis(200)), "still listening after kill");
    }

    @Test
    void leakReportInTheServerLogFailsTheClose() throws IOException {
        Files.writeString(dir.resolve("fake-mode"), "leak");
        SnapTargetProcess p = SnapTargetProcess.start(TargetSpec.ofSize(1 << 20), dir);

        AssertionError e = assertThrows(AssertionError.class, p::close);
        assertTrue(e.getMessage().contains("1 leak(s)"), e.getMessage());
        assertTrue(p.logTail(10).contains("leak detection paranoid"), p.logTail(10));
    }

    @Test
    void missingJarFailsWithBuildAdvice() {
        System.setProperty("snaptarget.jar", dir.resolve("absent.jar").toString());

        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> SnapTargetProcess.start(TargetSpec.ofSize(1 << 20), dir));
        assertTrue(e.getMessage().contains("mvn -B verify"), e.getMessage());
    }
}

package org.snaptarget.e2e.harness;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A stand-in for the server jar's command line, used only by {@link SnapTargetProcessTest} to
 * check the harness's process handling (ready detection, early exit, SIGTERM) without the real
 * server: {@code serve --portal 127.0.0.1:PORT --data-dir DIR ...} listens on PORT and prints the
 * ready line. A file {@code DIR/../fake-mode} changes what it does: {@code exit-early} exits 3
 * before becoming ready; {@code ignore-term} keeps running after SIGTERM; {@code leak} prints a
 * leak report like Netty's.
 */
public final class FakeSnapTargetMain {

    private FakeSnapTargetMain() {
    }

    public static void main(String[] args) throws Exception {
        List<String> a = List.of(args);
        int port = Integer.parseInt(a.get(a.indexOf("--portal") + 1).split(":")[1]);
        Path dataDir = Path.of(a.get(a.indexOf("--data-dir") + 1));
        Path modeFile = dataDir.resolveSibling("fake-mode");
        String mode = Files.exists(modeFile) ? Files.readString(modeFile).strip() : "normal";
        System.out.println("fake server starting, args " + a + ", leak detection "
                           + System.getProperty("io.netty.leakDetection.level"));
        if (mode.equals("exit-early")) {
            System.out.println("fake server: cannot open the data directory");
            System.exit(3);
        }
        if (mode.equals("leak")) {
            System.out.println("ERROR ResourceLeakDetector - LEAK: ByteBuf.release() was not called before it's"
                               + " garbage-collected.");
        }
        if (mode.equals("ignore-term")) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                while (true) {
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException ignored) {
                        // keep ignoring
                    }
                }
            }));
        }
        try (ServerSocket socket = new ServerSocket(port, 5, InetAddress.getLoopbackAddress())) {
            System.out.println("SnapTarget ready on 127.0.0.1:" + port);
            System.out.flush();
            while (true) {
                socket.accept().close();
            }
        }
    }
}

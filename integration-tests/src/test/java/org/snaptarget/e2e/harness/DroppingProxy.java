package org.snaptarget.e2e.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP relay between an initiator and a target that cuts the first connection once,
 * abruptly, after a given number of initiator-to-target bytes: the "network blip" a host recovers
 * from by logging in again. Every later connection is relayed untouched.
 *
 * <p>Invariants: at most one connection is ever dropped; a dropped connection is closed on both
 * sides with a TCP reset (SO_LINGER 0), mid-stream, so the target sees a half-received PDU or a
 * write whose data never completes. Relay threads are virtual threads; {@link #close()} closes the
 * listening socket and every relayed socket.
 */
public final class DroppingProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final int targetPort;
    private final long dropAfterBytes;
    private final AtomicBoolean dropped = new AtomicBoolean();
    private final AtomicInteger connections = new AtomicInteger();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    public DroppingProxy(int targetPort, long dropAfterBytes) {
        this.targetPort = targetPort;
        this.dropAfterBytes = dropAfterBytes;
        try {
            this.listener = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread.ofVirtual().name("proxy-accept").start(this::acceptLoop);
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** How many initiator connections were accepted so far. */
    public int connections() {
        return connections.get();
    }

    /** Whether the one drop has happened. */
    public boolean dropped() {
        return dropped.get();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket();
                server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 5000);
                sockets.add(client);
                sockets.add(server);
                boolean mayDrop = connections.incrementAndGet() == 1;
                AtomicLong upstream = new AtomicLong();
                Thread.ofVirtual().start(() -> pump(client, server, mayDrop ? upstream : null, client, server));
                Thread.ofVirtual().start(() -> pump(server, client, null, client, server));
            } catch (IOException e) {
                if (!listener.isClosed()) {
                    System.out.println("[e2e] proxy accept failed: " + e);
                }
            }
        }
    }

    /** Copies from → to; when {@code counted} is set, resets both sockets once it passes the limit. */
    private void pump(Socket from, Socket to, AtomicLong counted, Socket client, Socket server) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (counted != null && counted.get() + n > dropAfterBytes && dropped.compareAndSet(false, true)) {
                    int part = (int) Math.max(0, dropAfterBytes - counted.get());
                    out.write(buffer, 0, part);  // half a PDU, then the line goes dead
                    out.flush();
                    System.out.printf("[e2e] proxy: dropping the connection after %d bytes to the target%n",
                            counted.get() + part);
                    reset(client);
                    reset(server);
                    return;
                }
                out.write(buffer, 0, n);
                if (counted != null) {
                    counted.addAndGet(n);
                }
            }
        } catch (IOException closed) {
            // the other direction closed or reset the pair; nothing left to relay
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void reset(Socket s) {
        try {
            s.setSoLinger(true, 0);
        } catch (IOException ignored) {
            // already closed
        }
        closeQuietly(s);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing is best effort
        }
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException ignored) {
            // best effort
        }
        sockets.forEach(DroppingProxy::closeQuietly);
    }
}

package org.snaptarget.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.snaptarget.e2e.harness.ChildProcesses;
import org.snaptarget.e2e.harness.IscsiUrl;
import org.snaptarget.e2e.harness.RequiredTool;

/**
 * A host writing continuously through a real initiator: one interactive qemu-io session over
 * qemu's iscsi driver (stdout line-buffered with stdbuf), fed one {@code write -P} at a time, so
 * exactly one write is outstanding. For every write it records when it was issued (just before
 * the command is handed to qemu-io) and when it was acknowledged (when qemu-io prints
 * "wrote N/N bytes"); both are conservative: the real issue is later, the real acknowledgement
 * earlier.
 *
 * <p>Write number {@code n} goes to block {@code n % slots} of {@code blockSize} bytes and carries
 * the byte {@link #pattern(long, int)}: the round {@code n / slots} plus one, so a block's
 * successive writes have distinct patterns for 255 rounds. Invariant: {@link #writes()} is in
 * issue order and only its last entry may lack an acknowledgement.
 */
final class AcknowledgedWriter implements AutoCloseable {

    /** One write: its number, when it was issued and acknowledged (nanoTime; -1: not acknowledged). */
    record Write(long n, int slot, int pattern, long issuedNanos, long ackedNanos) {
        boolean acked() {
            return ackedNanos >= 0;
        }
    }

    private final int slots;
    private final int blockSize;
    private final Process process;
    private final Thread thread;
    private final List<Write> writes = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private volatile boolean stopping;

    private AcknowledgedWriter(IscsiUrl url, int slots, int blockSize) {
        this.slots = slots;
        this.blockSize = blockSize;
        try {
            process = new ProcessBuilder("stdbuf", "-oL", RequiredTool.QEMU_IO.path(), "-f", "raw", url.toString())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start qemu-io", e);
        }
        ChildProcesses.register(process);
        thread = Thread.ofPlatform().name("acknowledged-writer").start(this::loop);
    }

    static AcknowledgedWriter start(IscsiUrl url, int slots, int blockSize) {
        return new AcknowledgedWriter(url, slots, blockSize);
    }

    static int pattern(long n, int slots) {
        return (int) ((n / slots) % 255) + 1;
    }

    int slots() {
        return slots;
    }

    int blockSize() {
        return blockSize;
    }

    private void loop() {
        try (Writer in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.US_ASCII);
             BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                     StandardCharsets.ISO_8859_1))) {
            for (long n = 0; !stopping; n++) {
                int slot = (int) (n % slots);
                int pattern = pattern(n, slots);
                long issued = System.nanoTime();
                synchronized (this) {
                    writes.add(new Write(n, slot, pattern, issued, -1));
                }
                in.write("write -P " + pattern + " " + (long) slot * blockSize + " " + blockSize + "\n");
                in.flush();
                String line;
                while ((line = out.readLine()) != null && !line.contains("wrote ")) {
                    if (line.toLowerCase().contains("fail") || line.toLowerCase().contains("error")) {
                        synchronized (this) {
                            errors.add("write " + n + ": " + line);
                        }
                        return;
                    }
                }
                if (line == null) {
                    synchronized (this) {
                        errors.add("qemu-io ended before acknowledging write " + n);
                    }
                    return;
                }
                long acked = System.nanoTime();
                synchronized (this) {
                    writes.set(writes.size() - 1, new Write(n, slot, pattern, issued, acked));
                }
            }
            in.write("quit\n");
            in.flush();
        } catch (IOException e) {
            synchronized (this) {
                errors.add("talking to qemu-io failed: " + e);
            }
        }
    }

    synchronized List<Write> writes() {
        return List.copyOf(writes);
    }

    synchronized List<String> errors() {
        return List.copyOf(errors);
    }

    /** Stops after the outstanding write is acknowledged and waits for qemu-io to end. */
    @Override
    public void close() {
        stopping = true;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                synchronized (this) {
                    errors.add("qemu-io did not end after quit");
                }
            } else if (process.exitValue() != 0) {
                synchronized (this) {
                    errors.add("qemu-io exited " + process.exitValue());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}

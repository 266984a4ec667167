package org.snaptarget.iscsi.session;

import io.netty.util.ReferenceCountUtil;
import org.snaptarget.iscsi.pdu.Pdu;

import java.util.HashMap;
import java.util.Map;

/**
 * The session's command numbering (RFC 7143 §3.2.2.1, §4.2.2.1): ExpCmdSN is the next CmdSN this
 * target will deliver, MaxCmdSN the last one it accepts. Non-immediate commands are delivered in
 * CmdSN order: one that arrives early but inside the window waits here; one outside the window is
 * dropped silently, as the RFC prescribes. Immediate commands (I bit) bypass ordering and do not
 * advance ExpCmdSN.
 *
 * <p>The window is {@code depth} commands wide minus the tasks still executing, never narrower than
 * one command, and MaxCmdSN never moves backwards (the initiator would ignore a decrease anyway).
 * Not thread-safe: the connection's event loop owns it.
 */
public final class CommandWindow {

    /** What {@link #offer} decided. */
    public enum Disposition { DELIVER, QUEUED, DROPPED }

    private final int depth;
    private final Map<Integer, Pdu> early = new HashMap<>();
    /** CmdSNs declared received without a PDU (aborted before arrival); ExpCmdSN moves past them. */
    private final java.util.Set<Integer> skipped = new java.util.HashSet<>();
    private int expCmdSN;
    private int maxCmdSN;
    private int inFlight;

    /**
     * @param expCmdSN the first CmdSN of full-feature phase (the login's CmdSN, RFC 7143 §11.12.8)
     * @param depth    the widest window, in commands
     */
    public CommandWindow(int expCmdSN, int depth) {
        if (depth < 1) {
            throw new IllegalArgumentException("depth " + depth);
        }
        this.depth = depth;
        this.expCmdSN = expCmdSN;
        this.maxCmdSN = expCmdSN + depth - 1;
    }

    /**
     * Classifies a command PDU. On {@link Disposition#QUEUED} the window keeps the PDU (and releases it on
     * {@link #clear}); on {@link Disposition#DROPPED} the caller still owns it.
     */
    public Disposition offer(Pdu pdu, int cmdSN, boolean immediate) {
        if (immediate) {
            return Disposition.DELIVER;
        }
        if (skipped.contains(cmdSN)) {
            return Disposition.DROPPED;
        }
        if (cmdSN == expCmdSN) {
            expCmdSN++;
            return Disposition.DELIVER;
        }
        if (SerialNumbers.greaterThan(cmdSN, expCmdSN) && SerialNumbers.inRange(cmdSN, expCmdSN, maxCmdSN)
                && !early.containsKey(cmdSN)) {
            early.put(cmdSN, pdu);
            return Disposition.QUEUED;
        }
        return Disposition.DROPPED;
    }

    /** The queued command whose turn has come (advancing ExpCmdSN), or {@code null}. */
    public Pdu nextReady() {
        while (skipped.remove(expCmdSN)) {
            expCmdSN++;
        }
        if (early.isEmpty()) {
            return null;
        }
        Pdu pdu = early.remove(expCmdSN);
        if (pdu != null) {
            expCmdSN++;
        }
        return pdu;
    }

    /**
     * Drops a queued command (ABORT TASK of a command not yet delivered, RFC 7143 §11.5.1): its CmdSN
     * then counts as received, so later commands are not held back by it.
     */
    public void discard(int cmdSN) {
        Pdu queued = early.remove(cmdSN);
        if (queued != null) {
            queued.release();
        }
        if (SerialNumbers.inRange(cmdSN, expCmdSN, maxCmdSN)) {
            skipped.add(cmdSN);
        }
    }

    /** A delivered command started executing (narrows the advertised window). */
    public void taskStarted() {
        inFlight++;
    }

    /** A command's final response was sent. */
    public void taskFinished() {
        if (inFlight > 0) {
            inFlight--;
        }
    }

    public int expCmdSN() {
        return expCmdSN;
    }

    /** MaxCmdSN to advertise now. */
    public int maxCmdSN() {
        int candidate = expCmdSN + Math.max(1, depth - inFlight) - 1;
        if (SerialNumbers.greaterThan(candidate, maxCmdSN)) {
            maxCmdSN = candidate;
        }
        return maxCmdSN;
    }

    /** Number of commands waiting for an earlier CmdSN. */
    public int queued() {
        return early.size();
    }

    /** Releases every queued PDU (connection teardown). */
    public void clear() {
        early.values().forEach(ReferenceCountUtil::release);
        early.clear();
        skipped.clear();
    }
}

package org.snaptarget.iscsi.session;

import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.snaptarget.iscsi.pdu.NopOutPdu;
import org.snaptarget.iscsi.pdu.Pdu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CmdSN ordering and the advertised window (RFC 7143 §3.2.2.1, §4.2.2.1), including wrap-around at 2^32. */
class CommandWindowTest {

    static Pdu nop(int cmdSN) {
        return new NopOutPdu(false, 0, cmdSN, -1, cmdSN, 0, Unpooled.EMPTY_BUFFER);
    }

    @Test
    void earlyCommandsWaitAndAreReleasedInOrderAcrossTheWrap() {
        int start = -2; // 0xFFFFFFFE: the window wraps past 0xFFFFFFFF
        CommandWindow w = new CommandWindow(start, 16);
        Pdu plus2 = nop(start + 2);
        Pdu plus1 = nop(start + 1);
        assertEquals(CommandWindow.Disposition.QUEUED, w.offer(plus2, start + 2, false));
        assertEquals(CommandWindow.Disposition.QUEUED, w.offer(plus1, start + 1, false));
        assertNull(w.nextReady(), "nothing before ExpCmdSN arrives");
        assertEquals(CommandWindow.Disposition.DELIVER, w.offer(nop(start), start, false));
        assertSame(plus1, w.nextReady());
        assertSame(plus2, w.nextReady());
        assertNull(w.nextReady());
        assertEquals(start + 3, w.expCmdSN());
        assertEquals(1, w.expCmdSN(), "0xFFFFFFFE + 3 wraps to 1");
    }

    @Test
    void commandsOutsideTheWindowOrDuplicatesAreDropped() {
        CommandWindow w = new CommandWindow(100, 8);
        assertEquals(CommandWindow.Disposition.DROPPED, w.offer(nop(99), 99, false), "already seen");
        assertEquals(CommandWindow.Disposition.DROPPED, w.offer(nop(108), 108, false), "beyond MaxCmdSN 107");
        assertEquals(CommandWindow.Disposition.QUEUED, w.offer(nop(107), 107, false));
        assertEquals(CommandWindow.Disposition.DROPPED, w.offer(nop(107), 107, false), "duplicate");
        assertEquals(1, w.queued());
        w.clear();
        assertEquals(0, w.queued());
    }

    @Test
    void immediateCommandsBypassOrderingWithoutAdvancing() {
        CommandWindow w = new CommandWindow(5, 8);
        assertEquals(CommandWindow.Disposition.DELIVER, w.offer(nop(5), 5, true));
        assertEquals(5, w.expCmdSN());
    }

    @Test
    void windowNarrowsWithTasksInFlightButNeverShrinksOrCloses() {
        CommandWindow w = new CommandWindow(1, 4);
        assertEquals(4, w.maxCmdSN());
        for (int i = 0; i < 10; i++) {
            w.taskStarted();
        }
        assertEquals(4, w.maxCmdSN(), "MaxCmdSN never decreases");
        w.offer(nop(1), 1, false);
        w.offer(nop(2), 2, false);
        w.offer(nop(3), 3, false);
        w.offer(nop(4), 4, false);
        assertEquals(5, w.expCmdSN());
        assertEquals(5, w.maxCmdSN(), "at least one command is always admitted");
        for (int i = 0; i < 10; i++) {
            w.taskFinished();
        }
        assertEquals(8, w.maxCmdSN());
    }

    @Test
    void aCommandAbortedBeforeItArrivedNoLongerHoldsBackItsSuccessors() {
        CommandWindow w = new CommandWindow(10, 8);
        Pdu eleven = nop(11);
        assertEquals(CommandWindow.Disposition.QUEUED, w.offer(eleven, 11, false));
        w.discard(10);
        assertSame(eleven, w.nextReady());
        assertEquals(12, w.expCmdSN());
        assertEquals(CommandWindow.Disposition.DROPPED, w.offer(nop(10), 10, false), "the late original is ignored");
        assertTrue(SerialNumbers.lessThan(-1, 0) && SerialNumbers.greaterThan(0, -1));
    }
}

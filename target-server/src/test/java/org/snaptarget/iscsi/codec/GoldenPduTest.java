package org.snaptarget.iscsi.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import org.snaptarget.iscsi.pdu.AsyncMessagePdu;
import org.snaptarget.iscsi.pdu.DataInPdu;
import org.snaptarget.iscsi.pdu.DataOutPdu;
import org.snaptarget.iscsi.pdu.LoginRequestPdu;
import org.snaptarget.iscsi.pdu.LoginResponsePdu;
import org.snaptarget.iscsi.pdu.LogoutRequestPdu;
import org.snaptarget.iscsi.pdu.LogoutResponsePdu;
import org.snaptarget.iscsi.pdu.NopInPdu;
import org.snaptarget.iscsi.pdu.NopOutPdu;
import org.snaptarget.iscsi.pdu.Pdu;
import org.snaptarget.iscsi.pdu.R2tPdu;
import org.snaptarget.iscsi.pdu.RejectPdu;
import org.snaptarget.iscsi.pdu.ScsiCommandPdu;
import org.snaptarget.iscsi.pdu.ScsiResponsePdu;
import org.snaptarget.iscsi.pdu.SnackRequestPdu;
import org.snaptarget.iscsi.pdu.TaskManagementRequestPdu;
import org.snaptarget.iscsi.pdu.TaskManagementResponsePdu;
import org.snaptarget.iscsi.pdu.TextRequestPdu;
import org.snaptarget.iscsi.pdu.TextResponsePdu;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Golden wire bytes for every opcode of RFC 7143 §11, both directions: each fixture decodes to the
 * expected record and the record encodes to exactly the fixture (no digests).
 */
@org.junit.jupiter.api.extension.ExtendWith(org.snaptarget.iscsi.testing.NoLeaks.class)
class GoldenPduTest {

    static final String ZERO16 = "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00";

    record Golden(String name, byte[] wire, Supplier<Pdu> expected) {
    }

    static ByteBuf buf(String ascii) {
        return Unpooled.wrappedBuffer(ascii.getBytes(StandardCharsets.US_ASCII));
    }

    static ByteBuf hexBuf(String hex) {
        return Unpooled.wrappedBuffer(Fixture.hex(hex).bytes());
    }

    static final byte[] SENSE = Fixture.hex("""
            00 12                   // SenseLength 18
            70 00 05 00 00 00 00 0a // fixed format, ILLEGAL REQUEST, additional length 10
            00 00 00 00 20 00 00 00 // ASC 20h INVALID COMMAND OPERATION CODE
            00 00                   //
            """).bytes();

    static List<Golden> all() {
        List<Golden> g = new ArrayList<>();
        g.add(new Golden("NOP-Out ping", Fixture.hex("""
                40                      // I=1, opcode 00 NOP-Out
                80                      // F=1
                00 00                   // reserved
                00                      // TotalAHSLength 0
                00 00 04                // DataSegmentLength 4
                00 00 00 00 00 00 00 00 // LUN 0
                00 00 00 11             // ITT 0x11
                ff ff ff ff             // TTT reserved (initiator ping)
                00 00 00 05             // CmdSN 5
                00 00 00 07             // ExpStatSN 7
                """).thenHex(ZERO16).thenAscii("ping").bytes(),
                () -> new NopOutPdu(true, 0, 0x11, -1, 5, 7, buf("ping"))));
        g.add(new Golden("SCSI Command READ(10)", Fixture.hex("""
                01                      // I=0, opcode 01 SCSI Command
                c1                      // F=1 R=1 W=0 ATTR=1 (simple)
                00 00                   // reserved
                00                      // TotalAHSLength 0
                00 00 00                // DataSegmentLength 0
                00 01 00 00 00 00 00 00 // LUN 1
                00 00 00 22             // ITT 0x22
                00 00 10 00             // Expected Data Transfer Length 4096
                00 00 00 09             // CmdSN 9
                00 00 00 03             // ExpStatSN 3
                28 00 00 00 00 10 00 00 // CDB: READ(10) LBA 16
                08 00 00 00 00 00 00 00 //      8 blocks, zero padded to 16
                """).bytes(),
                () -> new ScsiCommandPdu(false, true, true, false, 1, 0x0001_0000_0000_0000L, 0x22, 4096, 9, 3,
                        cdb16(0x28, 0, 0, 0, 0, 0x10, 0, 0, 8, 0), -1, Unpooled.EMPTY_BUFFER)));
        g.add(new Golden("SCSI Command WRITE(10) with immediate data and both AHS types", Fixture.hex("""
                41                      // I=1, opcode 01 SCSI Command
                a2                      // F=1 R=0 W=1 ATTR=2 (ordered)
                00 00                   // reserved
                04                      // TotalAHSLength 4 words = 16 bytes
                00 00 06                // DataSegmentLength 6
                00 00 00 00 00 00 00 00 // LUN 0
                00 00 00 23             // ITT 0x23
                00 00 02 00             // Expected Data Transfer Length 512
                00 00 00 0a             // CmdSN 10
                00 00 00 03             // ExpStatSN 3
                2a 00 00 00 00 01 00 00 // CDB bytes 0-7
                01 00 00 00 00 00 00 00 // CDB bytes 8-15
                00 03                   // AHSLength 3 (reserved byte + 2 CDB bytes)
                01                      // AHSType 1 Extended CDB
                00                      // reserved
                aa bb 00 00             // CDB bytes 16-17, padded to 4
                00 05                   // AHSLength 5
                02                      // AHSType 2 Bidirectional Read Expected Data Transfer Length
                00                      // reserved
                00 00 01 00             // 256
                01 02 03 04 05 06       // immediate data
                00 00                   // padding to 4
                """).bytes(),
                () -> {
                    byte[] cdb = new byte[18];
                    System.arraycopy(cdb16(0x2a, 0, 0, 0, 0, 1, 0, 0, 1, 0), 0, cdb, 0, 16);
                    cdb[16] = (byte) 0xaa;
                    cdb[17] = (byte) 0xbb;
                    return new ScsiCommandPdu(true, true, false, true, 2, 0, 0x23, 512, 10, 3, cdb, 256,
                            hexBuf("01 02 03 04 05 06"));
                }));
        g.add(new Golden("Task Management Function Request ABORT TASK", Fixture.hex("""
                42                      // I=1, opcode 02 TMF Request
                81                      // F=1, function 1 ABORT TASK
                00 00                   // reserved
                00                      // TotalAHSLength
                00 00 00                // DataSegmentLength
                00 01 00 00 00 00 00 00 // LUN 1
                00 00 00 30             // ITT 0x30
                00 00 00 22             // Referenced Task Tag 0x22
                00 00 00 0a             // CmdSN 10
                00 00 00 04             // ExpStatSN 4
                00 00 00 09             // RefCmdSN 9
                00 00 00 00             // ExpDataSN
                00 00 00 00 00 00 00 00 // reserved
                """).bytes(),
                () -> new TaskManagementRequestPdu(true, 1, 0x0001_0000_0000_0000L, 0x30, 0x22, 10, 4, 9, 0,
                        Unpooled.EMPTY_BUFFER)));
        g.add(new Golden("Login Request", Fixture.hex("""
                43                      // I=1 (always), opcode 03 Login Request
                87                      // T=1 C=0 CSG=1 (operational) NSG=3 (full feature)
                00                      // Version-max 0
                00                      // Version-min 0
                00                      // TotalAHSLength
                00 00 11                // DataSegmentLength 17
                40 00 01 37 00 01       // ISID (Microsoft style)
                00 00                   // TSIH 0 (new session)
                00 00 00 01             // ITT 1
                00 01                   // CID 1
                00 00                   // reserved
                00 00 00 01             // CmdSN 1
                00 00 00 00             // ExpStatSN 0
                """).thenHex(ZERO16).thenAscii("MaxConnections=1").thenHex("""
                00                      // NUL terminator of the key=value pair
                00 00 00                // padding to 20
                """).bytes(),
                () -> new LoginRequestPdu(true, false, 1, 3, 0, 0, 0x4000_0137_0001L, 0, 1, 1, 1, 0,
                        buf("MaxConnections=1\0"))));
        g.add(new Golden("Text Request SendTargets", Fixture.hex("""
                44                      // I=1, opcode 04 Text Request
                80                      // F=1 C=0
                00 00                   // reserved
                00                      // TotalAHSLength
                00 00 10                // DataSegmentLength 16
                00 00 00 00 00 00 00 00 // LUN
                00 00 00 02             // ITT 2
                ff ff ff ff             // TTT reserved
                00 00 00 02             // CmdSN 2
                00 00 00 01             // ExpStatSN 1
                """).thenHex(ZERO16).thenAscii("SendTargets=All\0").bytes(),
                () -> new TextRequestPdu(true, true, false, 0, 2, -1, 2, 1, buf("SendTargets=All\0"))));
        g.add(new Golden("SCSI Data-Out", Fixture.hex("""
                05                      // opcode 05 Data-Out
                80                      // F=1
                00 00                   // reserved
                00                      // TotalAHSLength
                00 00 08                // DataSegmentLength 8
                00 01 00 00 00 00 00 00 // LUN 1
                00 00 00 22             // ITT 0x22
                00 00 10 00             // TTT 0x1000 (from the R2T)
                00 00 00 00             // reserved
                00 00 00 03             // ExpStatSN 3
                00 00 00 00             // reserved
                00 00 00 02             // DataSN 2
                00 00 20 00             // Buffer Offset 0x2000
                00 00 00 00             // reserved
                de ad be ef 01 02 03 04 // data
                """).bytes(),
                () -> new DataOutPdu(true, 0x0001_0000_0000_0000L, 0x22, 0x1000, 3, 2, 0x2000,
                        hexBuf("de ad be ef 01 02 03 04"))));
        g.add(new Golden("Logout Request close session", Fixture.hex("""
                46                      // I=1, opcode 06 Logout Request
                80                      // F=1, reason 0 close the session
                00 00                   // reserved
                00                      // TotalAHSLength
                00 00 00                // DataSegmentLength
                00 00 00 00 00 00 00 00 // reserved
                00 00 00 40             // ITT 0x40
                00 01                   // CID 1
                00 00                   // reserved
                00 00 00 0b             // CmdSN 11
                00 00 00 05             // ExpStatSN 5
                """).thenHex(ZERO16).bytes(),
                () -> new LogoutRequestPdu(true, 0, 0x40, 1, 11, 5, Unpooled.EMPTY_BUFFER)));
        g.add(new Golden("SNACK Request (status)", Fixture.hex("""
                10                      // opcode 10 SNACK Request
                81                      // F=1, type 1 Status
                00 00                   // reserved
                00                      // TotalAHSLength
                00 00 00                // DataSegmentLength
                00 00 00 00 00 00 00 00 // LUN
                ff ff ff ff             // ITT reserved
                ff ff ff ff             // TTT reserved
                00 00 00 00             // reserved
                00 00 00 06             // ExpStatSN 6
                00 00 00 00 00 00 00 00 // reserved
                00 00 00 04             // BegRun 4
                00 00 00 02             // RunLength 2
                """).bytes(),
                () -> new SnackRequestPdu(1, 0, -1, -1, 6, 4, 2, Unpooled.EMPTY_BUFFER)));
        g.add(new Golden("NOP-In echo", Fixture.hex("""
                20                      // opcode 20 NOP-In
                80                      // F=1
                00 00                   // reserved
                00                      // TotalAHSLength
                00 00 04                // DataSegmentLength 4
                00 00 00 00 00 00 00 00 // LUN
                00 00 00 11             // ITT 0x11 (echoes the ping)
                ff ff ff ff             // TTT reserved
                00 00 00 07             // StatSN 7
                00 00 00 06             // ExpCmdSN 6
                00 00 00 45             // MaxCmdSN 0x45
                00 00 00 00 00 00 00 00 // reserved
                00 00 00 00             // reserved
                """).thenAscii("ping").bytes(),
                () -> new NopInPdu(0, 0x11, -1, 7, 6, 0x45, buf("ping"))));
        g.add(new Golden("SCSI Response CHECK CONDITION with sense and underflow", Fixture.hex("""
                21                      // opcode 21 SCSI Response
                82                      // F=1, U=1 (residual underflow)
                00                      // Response 00 command completed at target
                02                      // Status CHECK CONDITION
                00                      // TotalAHSLength
                00 00 14                // DataSegmentLength 20 (2 + 18)
                00 00 00 00 00 00 00 00 // reserved
                00 00 00 22             // ITT 0x22
                00 00 00 00             // SNACK Tag
                00 00 00 08             // StatSN 8
                00 00 00 0a             // ExpCmdSN 10
                00 00 00 49             // MaxCmdSN 0x49
                00 00 00 00             // ExpDataSN 0
                00 00 00 00             // Bidirectional Read Residual Count
                00 00 02 00             // Residual Count 512
                """).thenHex(HexFormat.of().formatHex(SENSE)).bytes(),
                () -> new ScsiResponsePdu(false, false, false, true, 0, 2, 0x22, 0, 8, 10, 0x49, 0, 0, 512,
                        Unpooled.wrappedBuffer(SENSE.clone()))));
        g.add(new Golden("Task Management Function Response", Fixture.hex("""
                22                      // opcode 22 TMF Response
                80                      // F=1
                00                      // Response 0 function complete
                00                      // reserved
                00                      // TotalAHSLength
                00 00 00                // DataSegmentLength
                00 00 00 00 00 00 00 00 // reserved
                00 00 00 30             // ITT 0x30
                00 00 00 00             // reserved
                00 00 00 09             // StatSN 9
                00 00 00 0b             // ExpCmdSN 11
                00 00 00 4a             // MaxCmdSN 0x4a
                00 00 00 00 00 00 00 00 // reserved
                00 00 00 00             // reserved
                """).bytes(),
                () -> new TaskManagementResponsePdu(0, 0x30, 9, 11, 0x4a, Unpooled.EMPTY_BUFFER)));
        g.add(new Golden("Login Response", Fixture.hex("""
                23                      // opcode 23 Login Response
                87                      // T=1 C=0 CSG=1 NSG=3
                00                      // Version-max
                00                      // Version-active
                00                      // TotalAHSLength
                00 00 17                // DataSegmentLength 23
                40 00 01 37 00 01       // ISID
                00 05                   // TSIH 5
                00 00 00 01             // ITT 1
                00 00 00 00             // reserved
                00 00 00 00             // StatSN 0
                00 00 00 01             // ExpCmdSN 1
                00 00 00 41             // MaxCmdSN 0x41
                00                      // Status-Class 0 success
                00                      // Status-Detail 0
                00 00 00 00 00 00 00 00 // reserved
                00 00                   // reserved
                """).thenAscii("TargetPortalGroupTag=1\0").thenHex("00 // padding").bytes(),
                () -> new LoginResponsePdu(true, false, 1, 3, 0, 0, 0x4000_0137_0001L, 5, 1, 0, 1, 0x41, 0, 0,
                        buf("TargetPortalGroupTag=1\0"))));
        String targetName = "TargetName=iqn.2026-11.org.snaptarget:default\0";
        g.add(new Golden("Text Response", Fixture.hex("""
                24                      // opcode 24 Text Response
                80                      // F=1 C=0
                00 00                   // reserved
                00                      // TotalAHSLength
                00 00 2e                // DataSegmentLength 46
                00 00 00 00 00 00 00 00 // LUN
                00 00 00 02             // ITT 2
                ff ff ff ff             // TTT reserved (final)
                00 00 00 01             // StatSN 1
                00 00 00 03             // ExpCmdSN 3
                00 00 00 43             // MaxCmdSN 0x43
                00 00 00 00 00 00 00 00 // reserved
                00 00 00 00             // reserved
                """).thenAscii(targetName).thenHex("00 00 // padding to 48").bytes(),
                () -> new TextResponsePdu(true, false, 0, 2, -1, 1, 3, 0x43, buf(targetName))));
        g.add(new Golden("SCSI Data-In with status", Fixture.hex("""
                25                      // opcode 25 Data-In
                83                      // F=1 A=0 O=0 U=1 S=1
                00                      // reserved
                00                      // Status GOOD
                00                      // TotalAHSLength
                00 00 04                // DataSegmentLength 4
                00 01 00 00 00 00 00 00 // LUN 1
                00 00 00 22             // ITT 0x22
                ff ff ff ff             // TTT reserved
                00 00 00 08             // StatSN 8
                00 00 00 0a             // ExpCmdSN 10
                00 00 00 49             // MaxCmdSN 0x49
                00 00 00 01             // DataSN 1
                00 00 02 00             // Buffer Offset 512
                00 00 00 10             // Residual Count 16
                ca fe ba be             // data
                """).bytes(),
                () -> new DataInPdu(true, false, false, true, true, 0, 0x0001_0000_0000_0000L, 0x22, -1, 8, 10, 0x49,
                        1, 512, 16, hexBuf("ca fe ba be"))));
        g.add(new Golden("Logout Response", Fixture.hex("""
                26                      // opcode 26 Logout Response
                80                      // F=1
                00                      // Response 0 closed successfully
                00                      // reserved
                00                      // TotalAHSLength
                00 00 00                // DataSegmentLength
                00 00 00 00 00 00 00 00 // reserved
                00 00 00 40             // ITT 0x40
                00 00 00 00             // reserved
                00 00 00 05             // StatSN 5
                00 00 00 0c             // ExpCmdSN 12
                00 00 00 4b             // MaxCmdSN 0x4b
                00 00 00 00             // reserved
                00 00                   // Time2Wait 0
                00 00                   // Time2Retain 0
                00 00 00 00             // reserved
                """).bytes(),
                () -> new LogoutResponsePdu(0, 0x40, 5, 12, 0x4b, 0, 0, Unpooled.EMPTY_BUFFER)));
        g.add(new Golden("R2T", Fixture.hex("""
                31                      // opcode 31 R2T
                80                      // F=1
                00 00                   // reserved
                00                      // TotalAHSLength
                00 00 00                // DataSegmentLength
                00 01 00 00 00 00 00 00 // LUN 1
                00 00 00 22             // ITT 0x22
                00 00 10 00             // TTT 0x1000
                00 00 00 08             // StatSN 8
                00 00 00 0a             // ExpCmdSN 10
                00 00 00 49             // MaxCmdSN 0x49
                00 00 00 00             // R2TSN 0
                00 00 20 00             // Buffer Offset 0x2000
                00 04 00 00             // Desired Data Transfer Length 256 KiB
                """).bytes(),
                () -> new R2tPdu(0x0001_0000_0000_0000L, 0x22, 0x1000, 8, 10, 0x49, 0, 0x2000, 0x40000,
                        Unpooled.EMPTY_BUFFER)));
        g.add(new Golden("Asynchronous Message: logout requested", Fixture.hex("""
                32                      // opcode 32 Asynchronous Message
                80                      // F=1
                00 00                   // reserved
                00                      // TotalAHSLength
                00 00 00                // DataSegmentLength
                00 00 00 00 00 00 00 00 // LUN
                ff ff ff ff             // ITT reserved
                00 00 00 00             // reserved
                00 00 00 09             // StatSN 9
                00 00 00 0b             // ExpCmdSN 11
                00 00 00 4a             // MaxCmdSN 0x4a
                01                      // AsyncEvent 1: target requests logout
                00                      // AsyncVCode
                00 00                   // Parameter1
                00 02                   // Parameter2: Time2Wait... logout within 2 s
                00 00                   // Parameter3
                00 00 00 00             // reserved
                """).bytes(),
                () -> new AsyncMessagePdu(0, 9, 11, 0x4a, 1, 0, 0, 2, 0, Unpooled.EMPTY_BUFFER)));
        byte[] rejected = Fixture.hex("10 81 00 00 00 00 00 00").thenZeros(40).bytes();
        g.add(new Golden("Reject protocol error", Fixture.hex("""
                3f                      // opcode 3f Reject
                80                      // F=1
                04                      // Reason 04h Protocol Error
                00                      // reserved
                00                      // TotalAHSLength
                00 00 30                // DataSegmentLength 48 (the rejected BHS)
                00 00 00 00 00 00 00 00 // reserved
                ff ff ff ff             // ITT reserved
                00 00 00 00             // reserved
                00 00 00 09             // StatSN 9
                00 00 00 0b             // ExpCmdSN 11
                00 00 00 4a             // MaxCmdSN 0x4a
                00 00 00 00             // DataSN/R2TSN
                00 00 00 00 00 00 00 00 // reserved
                10 81 00 00 00 00 00 00 // the rejected SNACK's BHS ...
                """).thenZeros(40).bytes(),
                () -> new RejectPdu(4, 9, 11, 0x4a, 0, Unpooled.wrappedBuffer(rejected.clone()))));
        return g;
    }

    static byte[] cdb16(int... bytes) {
        byte[] cdb = new byte[16];
        for (int i = 0; i < bytes.length; i++) {
            cdb[i] = (byte) bytes[i];
        }
        return cdb;
    }

    @Test
    void everyOpcodeDecodesFromItsGoldenBytes() {
        for (Golden golden : all()) {
            EmbeddedChannel ch = new EmbeddedChannel(new PduDecoder());
            ch.writeInbound(Unpooled.wrappedBuffer(golden.wire()));
            Pdu decoded = ch.readInbound();
            Pdu expected = golden.expected().get();
            try {
                assertEquals(expected, decoded, golden.name());
                assertNull(ch.readInbound(), golden.name());
                assertFalse(ch.finish(), golden.name());
            } finally {
                decoded.release();
                expected.release();
            }
        }
    }

    @Test
    void everyOpcodeEncodesToItsGoldenBytes() {
        for (Golden golden : all()) {
            EmbeddedChannel ch = new EmbeddedChannel(new PduEncoder());
            ch.writeOutbound(golden.expected().get());
            assertArrayEquals(golden.wire(), drain(ch), golden.name());
            assertFalse(ch.finish(), golden.name());
        }
    }

    @Test
    void allOpcodesFedOneByteAtATimeDecodeInOrder() {
        List<Golden> goldens = all();
        EmbeddedChannel ch = new EmbeddedChannel(new PduDecoder());
        for (Golden golden : goldens) {
            for (byte b : golden.wire()) {
                ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
            }
        }
        for (Golden golden : goldens) {
            Pdu decoded = ch.readInbound();
            Pdu expected = golden.expected().get();
            try {
                assertEquals(expected, decoded, golden.name());
            } finally {
                decoded.release();
                expected.release();
            }
        }
        assertFalse(ch.finish());
    }

    /** Concatenates every outbound buffer and releases them. */
    static byte[] drain(EmbeddedChannel ch) {
        ByteBuf all = Unpooled.buffer();
        for (ByteBuf b; (b = ch.readOutbound()) != null; ) {
            all.writeBytes(b);
            b.release();
        }
        byte[] bytes = ByteBufUtil.getBytes(all);
        all.release();
        return bytes;
    }
}

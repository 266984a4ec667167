package org.snaptarget.iscsi.session;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snaptarget.iscsi.codec.FramingError;
import org.snaptarget.iscsi.codec.PduDecoder;
import org.snaptarget.iscsi.codec.PduEncoder;
import org.snaptarget.iscsi.login.LoginNegotiator;
import org.snaptarget.iscsi.login.LoginRequest;
import org.snaptarget.iscsi.login.LoginResponse;
import org.snaptarget.iscsi.login.NegotiatedSession;
import org.snaptarget.iscsi.login.SessionParameters;
import org.snaptarget.iscsi.login.SessionType;
import org.snaptarget.iscsi.login.TextNegotiator;
import org.snaptarget.iscsi.pdu.LoginRequestPdu;
import org.snaptarget.iscsi.pdu.LoginResponsePdu;
import org.snaptarget.scsi.ItNexus;
import org.snaptarget.scsi.ScsiTargetDevice;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The login phase of one connection (RFC 7143 §6.3, §11.12-13): feeds each Login Request to the
 * {@link LoginNegotiator}, wraps its answers in Login Response PDUs with the session-layer fields
 * (ISID, TSIH, ITT, StatSN, ExpCmdSN, MaxCmdSN), and on success enters full-feature phase by
 * replacing itself with a {@link FullFeatureHandler}.
 *
 * <p>Session identity (§4.4.3, §6.3.5): a normal session is InitiatorName + ISID + TargetName. A
 * login with TSIH 0 creates a session (reinstating, i.e. closing, a live one with the same
 * identity); a login naming a TSIH continues that session on this connection (the old connection
 * is closed: ERL 0 keeps no tasks), and one naming an unknown TSIH fails with 02/0A "session does
 * not exist". Discovery sessions are not registered.
 *
 * <p>Invariants: digests switch on exactly after the final Login Response is written; any other
 * PDU during login, a framing error or a login that takes longer than the portal's login timeout
 * closes the connection. Runs on the channel's event loop only.
 */
public final class LoginHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(LoginHandler.class);
    /** Status class 02 detail 0A: session does not exist (RFC 7143 §11.13.5). */
    private static final int INITIATOR_ERROR = 2;
    private static final int SESSION_DOES_NOT_EXIST = 0x0a;
    /** Status class 02 detail 0B: invalid request during login. */
    private static final int INVALID_DURING_LOGIN = 0x0b;
    /** How long a reinstating login waits for the old session's teardown. */
    private static final int REINSTATEMENT_WAIT_SECONDS = 10;

    private final PortalContext portal;
    private final LoginNegotiator negotiator;
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> timeout;
    private boolean first = true;
    private long isid;
    private int requestedTsih;
    private int cid;
    private int statSN = 1;
    private int cmdSN;
    private boolean done;

    public LoginHandler(PortalContext portal) {
        this.portal = portal;
        this.negotiator = new LoginNegotiator(portal.catalog(), portal.portal(), portal.limits(),
                portal.random().get());
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        timeout = ctx.executor().schedule(() -> {
            if (!done) {
                log.warn("connection {}: login not finished within {}; closing", ctx.channel().remoteAddress(),
                        portal.loginTimeout());
                ctx.close();
            }
        }, portal.loginTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (timeout != null) {
            timeout.cancel(false);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.warn("connection {} during login: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (done) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof LoginRequestPdu pdu) {
            try {
                onLogin(pdu);
            } finally {
                pdu.release();
            }
            return;
        }
        if (msg instanceof FramingError error) {
            log.warn("connection {} during login: {}; closing", ctx.channel().remoteAddress(), error.detail());
        } else {
            log.warn("connection {}: {} during login; closing", ctx.channel().remoteAddress(),
                    msg.getClass().getSimpleName());
        }
        ReferenceCountUtil.release(msg);
        done = true;
        ctx.close();
    }

    private void onLogin(LoginRequestPdu pdu) {
        if (first) {
            first = false;
            isid = pdu.isid();
            requestedTsih = pdu.tsih();
            cid = pdu.cid();
            cmdSN = pdu.cmdSN();
            if (requestedTsih != 0 && portal.registry().find(requestedTsih).isEmpty()) {
                fail(pdu, SESSION_DOES_NOT_EXIST, "TSIH " + requestedTsih + " names no live session");
                return;
            }
        } else if (pdu.isid() != isid || pdu.tsih() != requestedTsih || pdu.cid() != cid) {
            fail(pdu, INVALID_DURING_LOGIN, "ISID, TSIH or CID changed during login");
            return;
        }
        byte[] text = new byte[pdu.data().readableBytes()];
        pdu.data().getBytes(pdu.data().readerIndex(), text);
        LoginResponse answer = negotiator.process(new LoginRequest(pdu.transit(), pdu.continueFlag(), pdu.csg(),
                pdu.nsg(), pdu.versionMax(), pdu.versionMin(), pdu.isid(), pdu.tsih(), pdu.cid(),
                pdu.initiatorTaskTag(), Integer.toUnsignedLong(pdu.cmdSN()), Integer.toUnsignedLong(pdu.expStatSN()),
                text));
        if (negotiator.failed()) {
            log.info("login from {} refused: {}", ctx.channel().remoteAddress(), negotiator.failureReason());
            respond(pdu, answer, 0);
            closeAfterFlush();
            return;
        }
        if (!negotiator.complete()) {
            respond(pdu, answer, requestedTsih);
            ctx.flush();
            return;
        }
        enterFullFeature(pdu, answer, negotiator.session());
    }

    private void enterFullFeature(LoginRequestPdu pdu, LoginResponse answer, NegotiatedSession negotiated) {
        SessionParameters p = negotiated.parameters();
        boolean discovery = negotiated.type() == SessionType.DISCOVERY;
        ItNexus nexus = null;
        ScsiTargetDevice device = null;
        SessionRegistry.Entry entry = null;
        int tsih;
        SessionRegistry.Entry replaced;
        if (discovery) {
            SessionRegistry.Registration r = portal.registry().register(
                    new SessionRegistry.Identity(negotiated.initiatorName(), isid, ""), 0, ctx.channel());
            entry = r.entry();
            replaced = r.replaced();
            tsih = entry.tsih();
        } else {
            String targetName = negotiated.target().name();
            Optional<ScsiTargetDevice> found = portal.device(targetName);
            if (found.isEmpty()) {
                fail(pdu, 0x04, "target " + targetName + " has no SCSI device"); // 02/04 not found
                return;
            }
            device = found.get();
            SessionRegistry.Identity identity = new SessionRegistry.Identity(negotiated.initiatorName(), isid,
                    targetName);
            if (requestedTsih != 0) {
                Optional<SessionRegistry.Entry> existing = portal.registry().find(requestedTsih);
                if (existing.isEmpty() || !existing.get().identity().equals(identity)) {
                    fail(pdu, SESSION_DOES_NOT_EXIST, "TSIH " + requestedTsih + " is not a session of " + identity);
                    return;
                }
            }
            SessionRegistry.Registration r = portal.registry().register(identity, requestedTsih, ctx.channel());
            entry = r.entry();
            replaced = r.replaced();
            tsih = entry.tsih();
            int tpgt = negotiated.target().portalGroupTag();
            nexus = new ItNexus(negotiated.initiatorName() + ",i,0x" + String.format("%012x", isid),
                    targetName + ",t,0x" + String.format("%04x", tpgt), Math.max(1, tpgt));
        }
        done = true;
        if (replaced == null) {
            finish(pdu, answer, negotiated, discovery, nexus, device, entry, tsih);
            return;
        }
        // Reinstatement (RFC 7143 §6.3.5): end the old session before the new one runs commands.
        log.info("login of {} reinstates TSIH {}: closing its connection {}", entry.identity(), replaced.tsih(),
                replaced.channel().remoteAddress());
        replaced.channel().close();
        ItNexus n = nexus;
        ScsiTargetDevice d = device;
        SessionRegistry.Entry e = entry;
        int t = tsih;
        pdu.retain();
        replaced.ended().orTimeout(REINSTATEMENT_WAIT_SECONDS, TimeUnit.SECONDS).whenComplete((v, failure) ->
                ctx.executor().execute(() -> {
                    try {
                        if (failure != null) {
                            log.warn("old session TSIH {} did not end within {} s; continuing", replaced.tsih(),
                                    REINSTATEMENT_WAIT_SECONDS);
                        }
                        if (ctx.channel().isActive()) {
                            finish(pdu, answer, negotiated, discovery, n, d, e, t);
                        } else {
                            portal.registry().unregister(e);
                        }
                    } finally {
                        pdu.release();
                    }
                }));
    }

    private void finish(LoginRequestPdu pdu, LoginResponse answer, NegotiatedSession negotiated, boolean discovery,
                        ItNexus nexus, ScsiTargetDevice device, SessionRegistry.Entry entry, int tsih) {
        SessionParameters p = negotiated.parameters();
        respond(pdu, answer, tsih);
        PduEncoder encoder = ctx.pipeline().get(PduEncoder.class);
        PduDecoder decoder = ctx.pipeline().get(PduDecoder.class);
        if (encoder != null) {
            encoder.enableDigests(p.headerDigest(), p.dataDigest());
        }
        if (decoder != null) {
            decoder.enableDigests(p.headerDigest(), p.dataDigest());
            decoder.maxDataSegmentLength(p.targetMaxRecvDataSegmentLength());
        }
        ctx.flush();
        TransferSettings settings = new TransferSettings(p.initiatorMaxRecvDataSegmentLength(),
                p.targetMaxRecvDataSegmentLength(), p.maxBurstLength(), p.firstBurstLength(), p.maxOutstandingR2T(),
                p.initialR2T(), p.immediateData());
        TextNegotiator text = new TextNegotiator(portal.catalog(), portal.portal(), negotiated);
        SessionRegistry.Entry registered = entry;
        TextResponder responder = new TextResponder() {
            @Override
            public byte[] respond(byte[] requestText) {
                return text.respond(requestText);
            }

            @Override
            public java.util.OptionalInt declaredMaxRecvDataSegmentLength() {
                return text.declaredMaxRecvDataSegmentLength();
            }
        };
        SessionContext session = new SessionContext(discovery, nexus, device, settings, cid, cmdSN, statSN,
                responder, portal.keepAlive(), () -> {
                    if (registered != null) {
                        portal.registry().unregister(registered);
                    }
                });
        log.info("{} session {} from {} ({}) to {}: TSIH {}, digests {}/{}, MRDSL {}/{}",
                discovery ? "discovery" : "normal", String.format("%012x", isid), negotiated.initiatorName(),
                ctx.channel().remoteAddress(), discovery ? "-" : negotiated.target().name(), tsih,
                p.headerDigest() ? "CRC32C" : "None", p.dataDigest() ? "CRC32C" : "None",
                p.initiatorMaxRecvDataSegmentLength(), p.targetMaxRecvDataSegmentLength());
        ctx.pipeline().replace(this, "full-feature", new FullFeatureHandler(session));
    }

    private void respond(LoginRequestPdu pdu, LoginResponse answer, int tsih) {
        ctx.write(new LoginResponsePdu(answer.transit(), answer.continueFlag(), answer.csg(), answer.nsg(),
                answer.versionMax(), answer.versionActive(), isid, tsih, pdu.initiatorTaskTag(), statSN++, cmdSN,
                cmdSN + FullFeatureHandler.COMMAND_WINDOW - 1, answer.statusClass(), answer.statusDetail(),
                Unpooled.wrappedBuffer(answer.text())), ctx.voidPromise());
    }

    private void fail(LoginRequestPdu pdu, int detail, String reason) {
        log.info("login from {} refused: {}", ctx.channel().remoteAddress(), reason);
        respond(pdu, new LoginResponse(INITIATOR_ERROR, detail, false, false, pdu.csg(), pdu.nsg(), 0, 0, null), 0);
        closeAfterFlush();
    }

    private void closeAfterFlush() {
        done = true;
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }
}

package org.snaptarget.admin;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * One connection's request handler: checks the bearer token on the event loop (cheap, constant
 * time), parses the route, then hands the request to the worker executor, because admin operations
 * may block on a store commit and a Netty event loop must never block.
 *
 * <p>Invariant: at most one request of a connection is in flight. Reading is suspended
 * ({@code autoRead} off) from the moment a request goes to a worker until its response has been
 * written, so pipelined requests are answered in order (RFC 9112 §9.3.2) and one client cannot
 * queue unbounded work. A full executor is answered 503 at once.
 */
final class AdminHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger log = LoggerFactory.getLogger(AdminHttpHandler.class);

    private final AdminToken token;
    private final AdminDispatcher dispatcher;
    private final Executor workers;
    /** Completes once the latest request on this connection has been answered; touched on the event loop only. */
    private CompletableFuture<Void> previous = CompletableFuture.completedFuture(null);

    AdminHttpHandler(AdminToken token, AdminDispatcher dispatcher, Executor workers) {
        this.token = token;
        this.dispatcher = dispatcher;
        this.workers = workers;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        if (request.decoderResult().isFailure()) {
            Throwable cause = request.decoderResult().cause();
            answerInTurn(ctx, AdminResponse.error(400, "malformed HTTP request: " + cause.getMessage()), false);
            return;
        }
        if (!token.authorises(request.headers().get(HttpHeaderNames.AUTHORIZATION))) {
            answerInTurn(ctx, AdminResponse.error(401, "missing or wrong bearer token (see " + AdminToken.FILE_NAME
                    + " in the server's data directory)"), keepAlive);
            return;
        }
        String path = new QueryStringDecoder(request.uri(), StandardCharsets.UTF_8).rawPath();
        AdminRoute route = AdminRoute.parse(request.method().name(), path);
        byte[] body = ByteBufUtil.getBytes(request.content());
        ctx.channel().config().setAutoRead(false);
        // Pipelined requests already buffered still arrive here despite autoRead=false: each one
        // runs only after the previous one on this connection has been answered (HTTP/1.1 order).
        previous = previous.thenRunAsync(() -> send(ctx, dispatcher.dispatch(route, body), keepAlive), workers)
                .exceptionally(e -> {
                    Throwable cause = e.getCause() != null ? e.getCause() : e;
                    send(ctx, cause instanceof RejectedExecutionException
                            ? AdminResponse.error(503, "the admin endpoint is busy; retry")
                            : AdminResponse.error(500, "internal error: " + cause), keepAlive);
                    return null;
                });
    }

    /** Sends an answer that needs no worker, still after every earlier answer on this connection. */
    private void answerInTurn(ChannelHandlerContext ctx, AdminResponse answer, boolean keepAlive) {
        previous = previous.thenRun(() -> send(ctx, answer, keepAlive));
    }

    private static void send(ChannelHandlerContext ctx, AdminResponse answer, boolean keepAlive) {
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(answer.status()), Unpooled.wrappedBuffer(bytes));
        if (bytes.length > 0) {
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, answer.contentType());
        }
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        if (answer.status() == 401) {
            response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"snaptarget\"");
        }
        if (answer.allow() != null) {
            response.headers().set(HttpHeaderNames.ALLOW, answer.allow());
        }
        if (!keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        ctx.writeAndFlush(response).addListener((ChannelFutureListener) f -> {
            if (!keepAlive || !f.isSuccess()) {
                f.channel().close();
            } else {
                f.channel().config().setAutoRead(true);
            }
        });
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("admin connection {} failed", ctx.channel().remoteAddress(), cause);
        ctx.close();
    }
}

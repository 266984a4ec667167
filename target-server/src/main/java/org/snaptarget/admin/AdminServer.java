package org.snaptarget.admin;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.timeout.ReadTimeoutHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snaptarget.config.HostPort;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The admin endpoint: HTTP/1.1 + JSON on a loopback address (routes in
 * {@code target-server/ADMIN-API.md}), authorised by the bearer token it writes to
 * {@code <dataDir>/admin.token} at start ({@link AdminToken}).
 *
 * <p>Invariants: it binds only loopback addresses (a non-loopback {@code admin.listen} is refused
 * before anything binds: the endpoint speaks plain HTTP); requests are bounded ({@value #MAX_BODY}
 * bytes of body, 4 KiB request line, 8 KiB of headers, {@value #IDLE_SECONDS} s of silence);
 * operations run on {@value #WORKERS} worker threads with a queue of {@value #QUEUE}, never on the
 * event loop. {@link #close()} stops accepting, closes connections, lets running operations end and
 * removes the token file; a second close does nothing.
 */
public final class AdminServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AdminServer.class);
    static final int MAX_BODY = 64 * 1024;
    static final int IDLE_SECONDS = 60;
    static final int WORKERS = 2;
    static final int QUEUE = 64;

    private final EventLoopGroup loop;
    private final ThreadPoolExecutor workers;
    private final AdminToken token;
    private final Channel channel;
    private final AtomicBoolean closed = new AtomicBoolean();

    private AdminServer(EventLoopGroup loop, ThreadPoolExecutor workers, AdminToken token, Channel channel) {
        this.loop = loop;
        this.workers = workers;
        this.token = token;
        this.channel = channel;
    }

    /** Starts the endpoint on {@code admin.listen}; see {@link #start(InetSocketAddress, Path, AdminOperations)}. */
    public static AdminServer start(HostPort listen, Path dataDir, AdminOperations operations) throws IOException {
        InetAddress address;
        try {
            address = InetAddress.getByName(listen.isIpv6() ? "[" + listen.host() + "]" : listen.host());
        } catch (UnknownHostException e) {
            throw new IOException("admin.listen " + listen + ": cannot resolve '" + listen.host() + "'", e);
        }
        return start(new InetSocketAddress(address, listen.port()), dataDir, operations);
    }

    /**
     * Writes a fresh token to {@code <dataDir>/admin.token} and binds {@code listen} (port 0: any
     * free port; {@link #address()} tells which).
     *
     * @throws IllegalArgumentException when {@code listen} is not a loopback address
     * @throws IOException              when the token cannot be written or the address cannot be bound
     */
    public static AdminServer start(InetSocketAddress listen, Path dataDir, AdminOperations operations)
            throws IOException {
        if (listen.isUnresolved() || !listen.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException("admin endpoint address " + listen + " is not a loopback address;"
                    + " it speaks plain HTTP, so it listens on 127.0.0.1 or ::1 only");
        }
        AdminToken token = AdminToken.generate(dataDir);
        AtomicInteger threads = new AtomicInteger();
        ThreadPoolExecutor workers = new ThreadPoolExecutor(WORKERS, WORKERS, 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUE), r -> {
                    Thread t = new Thread(r, "snaptarget-admin-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        AdminDispatcher dispatcher = new AdminDispatcher(operations);
        try {
            Channel channel = new ServerBootstrap()
                    .group(loop)
                    .channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline()
                                    .addLast(new ReadTimeoutHandler(IDLE_SECONDS))
                                    .addLast(new HttpServerCodec(4096, 8192, 8192))
                                    .addLast(new HttpServerKeepAliveHandler())
                                    .addLast(new HttpObjectAggregator(MAX_BODY))
                                    .addLast(new AdminHttpHandler(token, dispatcher, workers));
                        }
                    })
                    .bind(listen).sync().channel();
            AdminServer server = new AdminServer(loop, workers, token, channel);
            log.info("admin endpoint listening on http://{} (token in {})", server.hostPort(), token.file());
            return server;
        } catch (Exception e) {
            loop.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            workers.shutdownNow();
            token.delete();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("cannot listen on " + listen + " for the admin endpoint: " + e.getMessage(), e);
        }
    }

    /** The bound address (the real port when started with port 0). */
    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** The bound address as {@code host:port}, IPv6 in brackets. */
    public String hostPort() {
        InetSocketAddress a = address();
        String host = a.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    /** The token file clients read. */
    public Path tokenFile() {
        return token.file();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            channel.close().syncUninterruptibly();
            loop.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            workers.shutdown();
            if (!workers.awaitTermination(30, TimeUnit.SECONDS)) {
                log.warn("admin operations still running after 30 s; abandoning them");
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        } finally {
            try {
                token.delete();
            } catch (IOException e) {
                log.warn("cannot remove {}: {}", token.file(), e.getMessage());
            }
        }
    }
}

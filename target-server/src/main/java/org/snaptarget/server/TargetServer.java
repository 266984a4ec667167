package org.snaptarget.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snaptarget.iscsi.codec.PduDecoder;
import org.snaptarget.iscsi.codec.PduEncoder;
import org.snaptarget.iscsi.login.Portal;
import org.snaptarget.iscsi.login.TargetEntry;
import org.snaptarget.iscsi.login.TargetLimits;
import org.snaptarget.iscsi.session.KeepAliveSettings;
import org.snaptarget.iscsi.session.LoginHandler;
import org.snaptarget.iscsi.session.PortalContext;
import org.snaptarget.iscsi.session.SessionRegistry;
import org.snaptarget.scsi.ScsiTargetDevice;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The iSCSI server: listens on every portal, and gives each accepted connection the pipeline
 * {@code PduDecoder → PduEncoder → LoginHandler} (the login handler replaces itself with the
 * full-feature handler). Uses the native epoll transport when the platform has it, NIO otherwise,
 * and pooled direct buffers.
 *
 * <p>Portals may ask for port 0; the ports actually bound are what SendTargets announces and what
 * {@link #portals()} returns. Portal group tags are 1, 2, … in the order given. {@link #close()}
 * closes listeners and connections, then the event loops; the SCSI devices are the caller's.
 */
public final class TargetServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TargetServer.class);

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final List<Channel> listeners = new ArrayList<>();
    private final Set<Channel> connections = ConcurrentHashMap.newKeySet();
    private final Map<SocketAddress, PortalContext> contexts = new ConcurrentHashMap<>();
    private final List<Portal> portals = new ArrayList<>();
    private final SessionRegistry registry = new SessionRegistry();
    private final String transport;

    private TargetServer(int ioThreads) {
        IoHandlerFactory factory;
        if (Epoll.isAvailable()) {
            factory = EpollIoHandler.newFactory();
            transport = "epoll";
        } else {
            factory = NioIoHandler.newFactory();
            transport = "nio";
        }
        boss = new MultiThreadIoEventLoopGroup(1, factory);
        workers = new MultiThreadIoEventLoopGroup(ioThreads, factory);
    }

    /**
     * Binds every portal and starts serving the targets.
     *
     * @param ioThreads event loops for connections (0: Netty's default, twice the cores)
     */
    public static TargetServer start(List<PortalAddress> addresses, List<TargetDefinition> targets, TargetLimits limits,
                                     KeepAliveSettings keepAlive, int ioThreads) throws InterruptedException {
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("no portal to listen on");
        }
        TargetServer server = new TargetServer(ioThreads);
        try {
            server.bind(addresses, targets, limits, keepAlive);
        } catch (RuntimeException | InterruptedException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private void bind(List<PortalAddress> addresses, List<TargetDefinition> targets, TargetLimits limits,
                      KeepAliveSettings keepAlive) throws InterruptedException {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(boss, workers)
                .channel(serverChannelClass())
                .option(ChannelOption.SO_BACKLOG, 256)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(4 << 20, 16 << 20))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        PortalContext context = contexts.get(ch.parent().localAddress());
                        if (context == null) {
                            ch.close(); // still starting up
                            return;
                        }
                        connections.add(ch);
                        ch.closeFuture().addListener(f -> connections.remove(ch));
                        ch.pipeline().addLast("decoder", new PduDecoder())
                                .addLast("encoder", new PduEncoder())
                                .addLast("login", new LoginHandler(context.forConnection(ch.localAddress())));
                    }
                });
        int tpgt = 1;
        List<Channel> bound = new ArrayList<>();
        for (PortalAddress address : addresses) {
            Channel channel = bootstrap.bind(address.host(), address.port()).sync().channel();
            bound.add(channel);
            listeners.add(channel);
            InetSocketAddress local = (InetSocketAddress) channel.localAddress();
            portals.add(new Portal(address.host(), local.getPort(), tpgt++));
        }
        List<TargetEntry> entries = new ArrayList<>();
        Map<String, ScsiTargetDevice> devices = new LinkedHashMap<>();
        for (TargetDefinition t : targets) {
            entries.add(new TargetEntry(t.name(), t.alias(), portals.get(0).tpgt(), portals, t.chap(), t.mutualChap(),
                    t.allowedInitiators()));
            devices.put(t.name(), t.device());
        }
        StaticTargetCatalog catalog = new StaticTargetCatalog(entries);
        for (int i = 0; i < bound.size(); i++) {
            contexts.put(bound.get(i).localAddress(), new PortalContext(catalog, portals.get(i), limits, devices,
                    registry, keepAlive, Duration.ofSeconds(30), SecureRandom::new));
            log.debug("listening on {} (TPGT {}, {})", portals.get(i), portals.get(i).tpgt(), transport);
        }
    }

    private static Class<? extends ServerChannel> serverChannelClass() {
        return Epoll.isAvailable() ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    /** The portals as bound (actual ports), with their portal group tags. */
    public List<Portal> portals() {
        return List.copyOf(portals);
    }

    /** "epoll" or "nio". */
    public String transport() {
        return transport;
    }

    /** The live sessions. */
    public SessionRegistry sessions() {
        return registry;
    }

    /** Stops listening, closes every connection (aborting their tasks) and stops the event loops. */
    @Override
    public void close() {
        for (Channel listener : listeners) {
            listener.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        for (Channel connection : List.copyOf(connections)) {
            connection.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}

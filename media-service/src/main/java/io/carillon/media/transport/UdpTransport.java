package io.carillon.media.transport;

import io.carillon.media.ice.Stun;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * The one UDP port of a media instance, on the media loops ({@link MediaLoops}). Each datagram is classified by
 * its first byte (RFC 7983), matched to its endpoint and run on that endpoint's meeting loop:
 * inline when the meeting lives on the receiving loop, otherwise handed over as a copy, in one task
 * per loop for all such datagrams of one read ({@link LoopHandOver}).
 *
 * <p>On Linux (Netty's native epoll loops), every loop has a socket of its own on the
 * port (SO_REUSEPORT): the kernel spreads the clients over them, a meeting sends from its own
 * loop's socket without a hand-over, one {@code recvmmsg} reads up to {@link #DATAGRAMS_PER_READ}
 * datagrams, and the packets written during one loop task (a mixer tick sends one per listener) leave
 * in one {@code sendmmsg}. Elsewhere one NIO socket serves every loop, a datagram per system call.
 */
public final class UdpTransport {

    /** Largest datagram we read: the path MTU of any network we serve is below this. */
    static final int MAX_DATAGRAM = 1500;
    /** Datagrams one recvmmsg may read (native transport). */
    static final int DATAGRAMS_PER_READ = 16;
    /**
     * Datagrams read per readiness event before the loop runs its tasks. Netty's default stops after one
     * recvmmsg (16): after any stall the loop then ran the meetings' mixer ticks before it had read the
     * packets waiting in the socket, and every sender of the loop looked late at once (concealment, and a
     * jitter buffer that grows back its spare frame).
     */
    static final int DATAGRAMS_PER_READ_EVENT = 1024;

    private final EndpointDirectory directory;
    private final LongAdder received = new LongAdder();
    private final LongAdder sent = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private volatile Socket[] sockets = new Socket[0];

    public UdpTransport(EndpointDirectory directory) {
        this.directory = directory;
    }

    /**
     * Binds the port: one socket per loop of a native (epoll) group, else one NIO socket.
     *
     * @param port 0 picks a free port
     */
    public void bind(EventLoopGroup loops, String host, int port) throws InterruptedException, IOException {
        List<Socket> bound = new ArrayList<>();
        if (loops instanceof EpollEventLoopGroup && Epoll.isAvailable()) {
            if (port != 0) {
                refuseIfTaken(host, port);
            }
            int shared = port;
            for (EventExecutor executor : loops) {
                Channel channel = new Bootstrap().group((EventLoop) executor).channel(EpollDatagramChannel.class)
                        .option(EpollChannelOption.SO_REUSEPORT, true)
                        .option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, MAX_DATAGRAM)
                        .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_DATAGRAM * DATAGRAMS_PER_READ)
                                .maxMessagesPerRead(DATAGRAMS_PER_READ_EVENT))
                        .option(ChannelOption.SO_RCVBUF, 4 * 1024 * 1024)
                        .option(ChannelOption.SO_SNDBUF, 4 * 1024 * 1024)
                        .handler(new Receiver())
                        .bind(host, shared).sync().channel();
                shared = ((InetSocketAddress) channel.localAddress()).getPort();
                bound.add(new Socket(channel));
            }
        } else {
            Channel channel = new Bootstrap().group(loops).channel(NioDatagramChannel.class)
                    .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_DATAGRAM)
                            .maxMessagesPerRead(DATAGRAMS_PER_READ_EVENT))
                    .option(ChannelOption.SO_RCVBUF, 4 * 1024 * 1024)
                    .option(ChannelOption.SO_SNDBUF, 4 * 1024 * 1024)
                    .handler(new Receiver())
                    .bind(host, port).sync().channel();
            bound.add(new Socket(channel));
        }
        sockets = bound.toArray(Socket[]::new);
    }

    /**
     * SO_REUSEPORT would let this instance share a port that another process (same user) holds,
     * each then getting part of the other's traffic: a plain bind first turns that into an error.
     */
    private static void refuseIfTaken(String host, int port) throws IOException {
        try (DatagramSocket probe = new DatagramSocket(null)) {
            probe.setReuseAddress(false);
            probe.bind(new InetSocketAddress(host, port));
        } catch (BindException e) {
            throw new BindException("udp " + host + ":" + port + " is in use: " + e.getMessage());
        }
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) sockets[0].channel.localAddress();
    }

    /** Sockets on the port: one per event loop with the native transport, else 1. */
    public int socketCount() {
        return sockets.length;
    }

    /** True when the native (epoll) transport carries the media. */
    public boolean nativeTransport() {
        return sockets.length > 0 && sockets[0].channel instanceof EpollDatagramChannel;
    }

    private final class Receiver extends SimpleChannelInboundHandler<DatagramPacket> {
        /** This socket's loop only: the handler of one channel runs on that channel's loop. */
        private final byte[] scratch = new byte[MAX_DATAGRAM];
        private final LoopHandOver handOver = new LoopHandOver();

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            receive(packet.content(), packet.sender(), ctx.channel().eventLoop(), scratch, handOver);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            handOver.flush();
            ctx.fireChannelReadComplete();
        }
    }

    private void receive(ByteBuf content, InetSocketAddress from, EventLoop here, byte[] scratch, LoopHandOver handOver) {
        received.increment();
        int len = content.readableBytes();
        if (len < 1 || len > MAX_DATAGRAM) {
            dropped.increment();
            return;
        }
        content.getBytes(content.readerIndex(), scratch, 0, len);
        PacketKind kind = PacketKind.of(scratch[0] & 0xff);
        MediaEndpoint endpoint = switch (kind) {
            case STUN -> directory.byUfrag(Stun.localUfrag(scratch, 0, len));
            case DTLS, RTP_OR_RTCP -> directory.byAddress(from);
            case OTHER -> null;
        };
        if (endpoint == null) {
            dropped.increment();
            return;
        }
        EventLoop loop = endpoint.loop();
        if (loop == here) {
            endpoint.onDatagram(kind, scratch, 0, len, from);
        } else {
            handOver.add(endpoint, kind, scratch, 0, len, from);
        }
    }

    /**
     * Sends a copy of {@code b[off, off+len)}; callable from any thread. On a loop with a socket of
     * its own the datagram is queued and leaves with the others of the same loop task.
     */
    public void send(byte[] b, int off, int len, InetSocketAddress to) {
        Socket[] all = sockets;
        if (all.length == 0 || to == null) {
            return;
        }
        sent.increment();
        Socket local = null;
        for (Socket socket : all) {
            if (socket.loop.inEventLoop()) {
                local = socket;
                break;
            }
        }
        Socket via = local != null ? local : all[0];
        ByteBuf copy = via.channel.alloc().directBuffer(len).writeBytes(b, off, len);
        DatagramPacket packet = new DatagramPacket(copy, to);
        if (local != null) {
            local.channel.write(packet, local.channel.voidPromise());
            local.flushSoon();
        } else {
            via.channel.writeAndFlush(packet, via.channel.voidPromise());
        }
    }

    public long received() {
        return received.sum();
    }

    public long sent() {
        return sent.sum();
    }

    public long dropped() {
        return dropped.sum();
    }

    public void close() {
        for (Socket socket : sockets) {
            socket.channel.close().syncUninterruptibly();
        }
    }

    /** A socket and its loop; the flush flag is touched only on that loop. */
    private static final class Socket {
        final Channel channel;
        final EventLoop loop;
        private final Runnable flush;
        private boolean flushQueued;

        Socket(Channel channel) {
            this.channel = channel;
            this.loop = channel.eventLoop();
            this.flush = () -> {
                flushQueued = false;
                channel.flush();
            };
        }

        /** Flushes after the current loop task: what it wrote goes out in one batch. */
        void flushSoon() {
            if (!flushQueued) {
                flushQueued = true;
                loop.execute(flush);
            }
        }
    }
}

package io.carillon.media.transport;

import io.carillon.media.ice.Stun;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.LongAdder;

/**
 * The one UDP port of a media instance (Netty on Vert.x's event loops). Each datagram is classified
 * by its first byte (RFC 7983), matched to its endpoint and run on that endpoint's meeting loop:
 * inline when the meeting lives on the receiving loop, otherwise handed over as a copy.
 *
 * <p>Netty's native epoll transport (SO_REUSEPORT, one socket per loop) is not available for the
 * Netty version Quarkus ships here, so one NIO socket receives for all loops.
 */
public final class UdpTransport {

    /** Largest datagram we read: the path MTU of any network we serve is below this. */
    static final int MAX_DATAGRAM = 1500;

    private final EndpointDirectory directory;
    private final byte[] scratch = new byte[MAX_DATAGRAM];
    private final LongAdder received = new LongAdder();
    private final LongAdder sent = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private Channel channel;

    public UdpTransport(EndpointDirectory directory) {
        this.directory = directory;
    }

    public void bind(EventLoopGroup loops, String host, int port) throws InterruptedException {
        channel = new Bootstrap().group(loops).channel(NioDatagramChannel.class)
                .option(ChannelOption.SO_RCVBUF, 4 * 1024 * 1024)
                .option(ChannelOption.SO_SNDBUF, 4 * 1024 * 1024)
                .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
                        receive(packet.content(), packet.sender(), ctx.channel().eventLoop());
                    }
                })
                .bind(host, port).sync().channel();
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    private void receive(ByteBuf content, InetSocketAddress from, EventLoop here) {
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
            byte[] copy = new byte[len];
            System.arraycopy(scratch, 0, copy, 0, len);
            loop.execute(() -> endpoint.onDatagram(kind, copy, 0, len, from));
        }
    }

    /** Sends a copy of {@code b[off, off+len)}; callable from any thread. */
    public void send(byte[] b, int off, int len, InetSocketAddress to) {
        if (channel == null || to == null) {
            return;
        }
        sent.increment();
        channel.writeAndFlush(new DatagramPacket(Unpooled.copiedBuffer(b, off, len), to), channel.voidPromise());
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
        if (channel != null) {
            channel.close().syncUninterruptibly();
        }
    }
}

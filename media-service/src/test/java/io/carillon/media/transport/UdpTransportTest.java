package io.carillon.media.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The media port on both transports: every client's datagrams reach its endpoint on the endpoint's
 * own loop (whichever socket the kernel picked) in the order sent, a burst written from a loop
 * arrives whole and in order, and a fixed port that another socket holds is refused instead of shared.
 */
class UdpTransportTest {

    static Stream<String> transports() {
        return Stream.of("nio", "epoll");
    }

    private static EventLoopGroup loops(String transport) {
        if (transport.equals("epoll")) {
            Assumptions.assumeTrue(Epoll.isAvailable(), "epoll is not available here");
            return new EpollEventLoopGroup(2);
        }
        return new NioEventLoopGroup(2);
    }

    @ParameterizedTest
    @MethodSource("transports")
    void datagramsReachTheirEndpointOnItsLoopAndBurstsLeaveWhole(String transport) throws Exception {
        EventLoopGroup group = loops(transport);
        EndpointDirectory directory = new EndpointDirectory();
        UdpTransport udp = new UdpTransport(directory);
        List<DatagramChannel> clients = new ArrayList<>();
        try {
            udp.bind(group, "127.0.0.1", 0);
            assertEquals(transport.equals("epoll"), udp.nativeTransport());
            assertEquals(transport.equals("epoll") ? 2 : 1, udp.socketCount());
            InetSocketAddress server = udp.localAddress();

            // 16 clients, each bound to an endpoint on one of the two loops
            int clientCount = 16;
            CountDownLatch all = new CountDownLatch(clientCount * 3);
            Set<String> wrongLoop = Collections.synchronizedSet(new HashSet<>());
            List<EventLoop> eventLoops = new ArrayList<>();
            group.forEach(e -> eventLoops.add((EventLoop) e));
            for (int i = 0; i < clientCount; i++) {
                DatagramChannel client = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
                client.socket().setSoTimeout(5000);
                clients.add(client);
                EventLoop home = eventLoops.get(i % eventLoops.size());
                int index = i;
                int[] nextRound = {0};
                directory.bindAddress((InetSocketAddress) client.getLocalAddress(), null, new MediaEndpoint() {
                    @Override
                    public EventLoop loop() {
                        return home;
                    }

                    @Override
                    public void onDatagram(PacketKind kind, byte[] b, int off, int len, InetSocketAddress from) {
                        if (!home.inEventLoop() || kind != PacketKind.RTP_OR_RTCP || b[off + 1] != (byte) index) {
                            wrongLoop.add("client " + index);
                        }
                        if (b[off + 2] != nextRound[0]++) {
                            wrongLoop.add("client " + index + " out of order");
                        }
                        all.countDown();
                    }
                });
            }
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < clientCount; i++) {
                    clients.get(i).send(ByteBuffer.wrap(new byte[] {(byte) 0x80, (byte) i, (byte) round, 0}), server);
                }
            }
            assertTrue(all.await(5, TimeUnit.SECONDS), "every datagram delivered");
            assertTrue(wrongLoop.isEmpty(), "delivered on the endpoint's loop, in order: " + wrongLoop);

            // a mixer tick's worth of packets written on a loop, flushed together
            DatagramChannel listener = clients.get(0);
            InetSocketAddress to = (InetSocketAddress) listener.getLocalAddress();
            eventLoops.get(1).submit(() -> {
                for (int seq = 0; seq < 25; seq++) {
                    udp.send(new byte[] {(byte) 0x80, 0, 0, (byte) seq}, 0, 4, to);
                }
            }).sync();
            for (int seq = 0; seq < 25; seq++) {
                ByteBuffer got = ByteBuffer.allocate(64);
                listener.configureBlocking(true);
                receiveWithin(listener, got);
                got.flip();
                byte[] bytes = new byte[got.remaining()];
                got.get(bytes);
                assertArrayEquals(new byte[] {(byte) 0x80, 0, 0, (byte) seq}, bytes);
            }
            // and from a thread that is no loop at all
            udp.send(new byte[] {(byte) 0x80, 0, 1, 1}, 0, 4, to);
            ByteBuffer got = ByteBuffer.allocate(64);
            receiveWithin(listener, got);
            assertEquals(4, got.position());
        } finally {
            for (DatagramChannel client : clients) {
                client.close();
            }
            udp.close();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void aFixedPortHeldElsewhereIsRefused(String transport) throws Exception {
        EventLoopGroup group = loops(transport);
        // the holder shares its port (SO_REUSEPORT), as another media instance's sockets would
        try (DatagramChannel holder = DatagramChannel.open()) {
            holder.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            holder.bind(new InetSocketAddress("127.0.0.1", 0));
            int taken = ((InetSocketAddress) holder.getLocalAddress()).getPort();
            UdpTransport udp = new UdpTransport(new EndpointDirectory());
            Supplier<String> why = () -> "binding a port another socket holds must fail";
            Exception refused = assertThrows(Exception.class, () -> udp.bind(group, "127.0.0.1", taken), why);
            assertTrue(refused instanceof BindException || refused.getCause() instanceof BindException
                    || refused instanceof IOException, refused.toString());
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    private static void receiveWithin(DatagramChannel channel, ByteBuffer into) throws IOException {
        channel.configureBlocking(false);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (channel.receive(into) == null) {
            if (System.nanoTime() > deadline) {
                throw new IOException("nothing received within 5 s");
            }
            Thread.onSpinWait();
        }
    }
}

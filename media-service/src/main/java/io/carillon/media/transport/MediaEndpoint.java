package io.carillon.media.transport;

import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;

/**
 * What the UDP transport delivers datagrams to: one client peer connection. Datagrams are delivered on
 * {@link #loop()}, the event loop of the endpoint's meeting, whatever loop received them.
 */
public interface MediaEndpoint {

    EventLoop loop();

    /** One datagram from {@code from}; {@code b} may be reused after the call returns. */
    void onDatagram(PacketKind kind, byte[] b, int off, int len, InetSocketAddress from);
}

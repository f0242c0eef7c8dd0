package io.carillon.media.session;

import io.carillon.media.MediaMetrics;
import io.carillon.media.transport.EndpointDirectory;
import io.carillon.media.transport.UdpTransport;

/** What every session of an instance shares: the port, the directory of endpoints, metrics, limits. */
public record SessionPlumbing(UdpTransport transport, EndpointDirectory directory, MediaMetrics metrics,
        long connectTimeoutNanos) {
}

package io.carillon.signaling;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** signaling-service settings ({@code carillon.signaling.*}); see docs/configuration.md. */
@ConfigMapping(prefix = "carillon.signaling")
public interface SignalingConfig {

    /** Base URL of token-service's internal API. */
    @WithDefault("http://127.0.0.1:8082")
    String tokenServiceUrl();

    /** A session that sends nothing for this long is dropped (the client pings every 10 s). */
    @WithDefault("30s")
    Duration idleTimeout();

    /** How long a SUBSCRIBE waits for the media service's answer. */
    @WithDefault("5s")
    Duration subscribeTimeout();

    /** JOIN_ACK video_subscription_limit: remote videos a client may receive. */
    @WithDefault("25")
    int videoSubscriptionLimit();

    /** Data messages one session may send per second on average ... */
    @WithDefault("20")
    int dataMessagesPerSecond();

    /** ... and in a burst. */
    @WithDefault("40")
    int dataMessageBurst();

    /** TURN for clients behind strict NATs and firewalls. */
    Turn turn();

    /**
     * When a secret is set, JOIN_ACK carries time-limited TURN credentials (the TURN REST API scheme
     * coturn implements with {@code use-auth-secret}); the Chime client then forces relay.
     */
    interface Turn {

        /** The secret shared with the TURN server (coturn's static-auth-secret). Unset: no TURN. */
        Optional<String> secret();

        /** turn:/turns: URIs for udp, tcp and tls, e.g. {@code turn:turn.example.com:3478?transport=udp}. */
        Optional<List<String>> uris();

        /** How long credentials stay valid. */
        @WithDefault("1h")
        Duration ttl();
    }
}

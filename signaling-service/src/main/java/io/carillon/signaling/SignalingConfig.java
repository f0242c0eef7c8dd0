package io.carillon.signaling;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

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
}

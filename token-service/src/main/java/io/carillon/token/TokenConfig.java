package io.carillon.token;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How token-service waits for Kafka. */
@ConfigMapping(prefix = "carillon.token")
public interface TokenConfig {

    /**
     * How long a validation waits for this instance to have read what Kafka holds (a token minted
     * elsewhere, an attendee just deleted) before it answers 503.
     */
    @WithDefault("3s")
    Duration catchUpTimeout();
}

package io.carillon.platform.kafka;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How a service creates the Kafka topics of the event contracts it uses. */
@ConfigMapping(prefix = "carillon.kafka.topics")
public interface KafkaTopicsConfig {

    /** Replicas per partition: 1 on the single-node local broker, 3 on a production cluster. */
    @WithDefault("1")
    short replicationFactor();

    /** Wait before retrying while the broker is unreachable (doubles up to ten times this). */
    @WithDefault("1s")
    Duration retryBackoff();
}

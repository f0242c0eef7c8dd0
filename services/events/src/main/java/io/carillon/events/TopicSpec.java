package io.carillon.events;

import java.util.Map;

/**
 * A Kafka topic of the event contracts: its name, how many partitions it is created with and
 * the topic-level configuration it needs (cleanup policy, retention).
 */
public record TopicSpec(String name, int partitions, Map<String, String> config) {

    public TopicSpec {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1: " + name);
        }
        config = Map.copyOf(config);
    }
}

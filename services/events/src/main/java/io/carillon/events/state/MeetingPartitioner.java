package io.carillon.events.state;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.utils.Utils;

/**
 * Puts every record of a meeting on the meeting's partition: the one Kafka's default partitioner
 * picks for the bare meeting id. So a meeting's state records (keys {@code <meetingId>/...}) and its
 * lifecycle events (key {@code <meetingId>}) are ordered together and one owner can hold them all.
 */
public class MeetingPartitioner implements Partitioner {

    public static int partitionOf(String meetingId, int partitions) {
        return Utils.toPositive(Utils.murmur2(meetingId.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    @Override
    public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes, Cluster cluster) {
        int partitions = cluster.partitionCountForTopic(topic);
        return partitionOf(StateKeys.meetingIdOf((String) key), partitions);
    }

    @Override
    public void close() {
    }

    @Override
    public void configure(Map<String, ?> configs) {
    }
}

package io.carillon.events.media;

import java.util.List;

/**
 * A media instance took over partitions of {@code carillon.media-requests} (its consumer group
 * assigned them), on {@code carillon.media-placement} keyed by instance id. Every meeting of those
 * partitions now belongs to it: a signaling session whose media lives on another instance is told
 * to reconnect, and its client's new SUBSCRIBE reaches the new owner.
 */
public record MediaPlacementRecord(String instanceId, String region, List<Integer> partitions, long atMillis) {
}

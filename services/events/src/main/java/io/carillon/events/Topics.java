package io.carillon.events;

import java.util.List;
import java.util.Map;

/**
 * Every Kafka topic Carillon uses, defined once: producers and consumers take the names from
 * here, and services create missing topics from these specs at start-up.
 */
public final class Topics {

    /**
     * Public meeting lifecycle events (MeetingStarted, AttendeeJoined, ...) as CloudEvents in
     * binary mode, keyed by meeting id. A product for event consumers: see docs/events.md.
     */
    public static final TopicSpec MEETING_EVENTS = new TopicSpec("carillon.meeting-events", 6,
            Map.of("cleanup.policy", "delete", "retention.ms", Long.toString(7L * 24 * 3600 * 1000)));

    private static final List<TopicSpec> ALL = List.of(MEETING_EVENTS);

    private Topics() {
    }

    public static List<TopicSpec> all() {
        return ALL;
    }
}

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

    /**
     * The control plane's state, compacted: meetings (key {@code <meetingId>}) and attendees (key
     * {@code <meetingId>/<attendeeId>}), JSON values, a tombstone for a deletion. Every record of a
     * meeting lands on the meeting's partition ({@link io.carillon.events.state.MeetingPartitioner}),
     * so the log orders all changes of one meeting; meeting-service rebuilds from it on start.
     */
    public static final TopicSpec MEETING_STATE = new TopicSpec("carillon.meeting-state", 6,
            Map.of("cleanup.policy", "compact", "min.insync.replicas", "1"));

    /**
     * Join tokens, compacted, key = SHA-256 of the token (base64url), value = which attendee of
     * which meeting it admits. The token itself is never written anywhere.
     */
    public static final TopicSpec JOIN_TOKENS = new TopicSpec("carillon.join-tokens", 6,
            Map.of("cleanup.policy", "compact", "min.insync.replicas", "1"));

    private static final List<TopicSpec> ALL = List.of(MEETING_EVENTS, MEETING_STATE, JOIN_TOKENS);

    private Topics() {
    }

    public static List<TopicSpec> all() {
        return ALL;
    }
}

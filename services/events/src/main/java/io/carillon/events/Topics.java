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
     * Records stay uncompacted for a day: the lifecycle relay, when it resumes, needs every change
     * since its last commit next to the state before it, or a compacted-away record would make it
     * miss an event (a deletion whose attendee it never saw added).
     */
    public static final TopicSpec MEETING_STATE = new TopicSpec("carillon.meeting-state", 6,
            Map.of("cleanup.policy", "compact", "min.insync.replicas", "1",
                    "min.compaction.lag.ms", Long.toString(24L * 3600 * 1000)));

    /**
     * Join tokens, compacted, key = SHA-256 of the token (base64url), value = which attendee of
     * which meeting it admits. The token itself is never written anywhere.
     */
    public static final TopicSpec JOIN_TOKENS = new TopicSpec("carillon.join-tokens", 6,
            Map.of("cleanup.policy", "compact", "min.insync.replicas", "1"));

    /**
     * Who is connected to which meeting, compacted, key {@code <meetingId>/<attendeeId>} (content
     * sessions as {@code <attendeeId>#content}), value {@link io.carillon.events.signaling.PresenceRecord}.
     * Every signaling instance follows it: it is both the roster and the fan-out of roster changes.
     * A session's audio stream id is the offset of the record that started it (offsets survive
     * compaction, grow, and are the same for every reader).
     */
    public static final TopicSpec MEETING_PRESENCE = new TopicSpec("carillon.meeting-presence", 6,
            Map.of("cleanup.policy", "compact", "min.insync.replicas", "1"));

    /**
     * Data messages between attendees, keyed by meeting id, value
     * {@link io.carillon.events.signaling.DataMessageRecord}; every signaling instance delivers them
     * to its own sessions of the meeting. Kept one hour: messages live at most their lifetime.
     */
    public static final TopicSpec DATA_MESSAGES = new TopicSpec("carillon.data-messages", 6,
            Map.of("cleanup.policy", "delete", "retention.ms", Long.toString(3600L * 1000)));

    /**
     * Requests to the media service that owns a meeting (SUBSCRIBE offers), keyed by meeting id:
     * media-service instances of a region form one consumer group, so one instance owns a meeting.
     */
    public static final TopicSpec MEDIA_REQUESTS = new TopicSpec("carillon.media-requests", 6,
            Map.of("cleanup.policy", "delete", "retention.ms", Long.toString(600L * 1000)));

    /** Replies of the media service, keyed by the requesting signaling instance. */
    public static final TopicSpec MEDIA_REPLIES = new TopicSpec("carillon.media-replies", 6,
            Map.of("cleanup.policy", "delete", "retention.ms", Long.toString(600L * 1000)));

    /**
     * Volume indicators ({@link io.carillon.events.media.AudioMetadataRecord}) about every 200 ms per
     * meeting with audio, keyed by meeting id, from the owning media instance to every signaling
     * instance. Worthless after a moment: kept one minute.
     */
    public static final TopicSpec AUDIO_METADATA = new TopicSpec("carillon.audio-metadata", 6,
            Map.of("cleanup.policy", "delete", "retention.ms", Long.toString(60L * 1000)));

    /**
     * Which media instance owns which partitions of {@link #MEDIA_REQUESTS}
     * ({@link io.carillon.events.media.MediaPlacementRecord}), keyed by instance id, written on every
     * assignment; signaling moves sessions whose media lived elsewhere. Kept one hour.
     */
    public static final TopicSpec MEDIA_PLACEMENT = new TopicSpec("carillon.media-placement", 1,
            Map.of("cleanup.policy", "delete", "retention.ms", Long.toString(3600L * 1000)));

    private static final List<TopicSpec> ALL = List.of(MEETING_EVENTS, MEETING_STATE, JOIN_TOKENS, MEETING_PRESENCE,
            DATA_MESSAGES, MEDIA_REQUESTS, MEDIA_REPLIES, AUDIO_METADATA, MEDIA_PLACEMENT);

    private Topics() {
    }

    public static List<TopicSpec> all() {
        return ALL;
    }
}

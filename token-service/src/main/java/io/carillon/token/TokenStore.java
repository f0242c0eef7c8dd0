package io.carillon.token;

import io.carillon.events.Topics;
import io.carillon.events.state.AttendeeRecord;
import io.carillon.events.state.MeetingRecord;
import io.carillon.events.state.JoinTokenRecord;
import io.carillon.events.state.MeetingPartitioner;
import io.carillon.events.state.StateCodec;
import io.carillon.events.state.StateKeys;
import io.carillon.platform.kafka.DurableLog;
import io.carillon.platform.kafka.KafkaUnavailableException;
import io.carillon.platform.kafka.Projections;
import io.carillon.platform.kafka.TopicProjection;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * What this instance knows about join tokens and the attendees they admit, followed from two
 * compacted topics: meeting-service's meetings and attendees ({@code carillon.meeting-state}), whose
 * attendee records carry the hash of the token minted with them, and the hashes of further tokens
 * ({@code carillon.join-tokens}: a repeated CreateAttendee gives the existing attendee another
 * token). Lookups catch up with Kafka first where it matters, so a token minted by another
 * instance, or an attendee deleted a moment ago, is seen as soon as Kafka has acknowledged it.
 */
@ApplicationScoped
public class TokenStore {

    private static final Logger LOG = Logger.getLogger(TokenStore.class);
    /** How far behind its topics this instance may be while they are being written: one join waits up to this much more. */
    private static final Duration PROJECTION_LAG = Duration.ofMillis(20);

    /** Tokens stored on {@code carillon.join-tokens}: their hashes are tombstoned when revoked. */
    private final TokenIndex tokens = new TokenIndex();
    /** Tokens whose hash is in their attendee's record: revoked with the record, nothing to tombstone. */
    private final TokenIndex attendeeTokens = new TokenIndex();
    private final Roster roster = new Roster();
    private final DurableLog log;
    private final Revocations revocations;
    private final Projections projections;
    private final TokenConfig config;
    private final TopicProjection tokenTopic;
    private final TopicProjection meetingState;

    @Inject
    public TokenStore(DurableLog log, Revocations revocations, Projections projections, TokenConfig config) {
        this.log = log;
        this.revocations = revocations;
        this.projections = projections;
        this.config = config;
        // Both may trail their topic by PROJECTION_LAG under load: a validation that needs them
        // current catches up first, and the broker answers 20-50 fetches a second, not one per write.
        this.tokenTopic = projections.batched(Topics.JOIN_TOKENS, this::applyToken, PROJECTION_LAG);
        this.meetingState = projections.batched(Topics.MEETING_STATE, this::applyMeetingState, PROJECTION_LAG);
    }

    void onStart(@Observes StartupEvent event) {
        projections.start(tokenTopic);
        projections.start(meetingState);
    }

    /** Stores a new token under its hash; returns once every in-sync replica has it. */
    void save(String hash, JoinTokenRecord token) {
        log.append(Topics.JOIN_TOKENS.name(), hash, StateCodec.encode(token));
        // So that this instance validates the token at once, without waiting for its projection.
        tokens.put(hash, token);
    }

    /**
     * The token with this hash, minted by any instance; empty if Kafka has none. A token presented
     * for a meeting is looked up in that meeting's attendee records and among the stored tokens;
     * not found, both are caught up with first.
     */
    Optional<JoinTokenRecord> find(String hash, String meetingId) {
        JoinTokenRecord known = known(hash);
        if (known != null) {
            return Optional.of(known);
        }
        catchUpWithMeeting(meetingId);
        catchUp(tokenTopic, MeetingPartitioner.partitionOf(hash, Topics.JOIN_TOKENS.partitions()));
        return Optional.ofNullable(known(hash));
    }

    private JoinTokenRecord known(String hash) {
        JoinTokenRecord inRecord = attendeeTokens.get(hash);
        return inRecord != null ? inRecord : tokens.get(hash);
    }

    /** Waits until this instance has read every change of the meeting that Kafka holds now. */
    void catchUpWithMeeting(String meetingId) {
        catchUp(meetingState, MeetingPartitioner.partitionOf(meetingId, Topics.MEETING_STATE.partitions()));
    }

    Optional<String> mediaRegion(String meetingId) {
        return roster.mediaRegion(meetingId);
    }

    Optional<AttendeeRecord> attendee(String meetingId, String attendeeId) {
        return roster.attendee(meetingId, attendeeId);
    }

    private void catchUp(TopicProjection projection, int partition) {
        try {
            projection.awaitCaughtUp(partition, config.catchUpTimeout());
        } catch (TimeoutException e) {
            throw new KafkaUnavailableException("not caught up with " + projection.topic() + " in time", e);
        }
    }

    private void applyToken(int partition, long offset, String hash, byte[] value) {
        if (hash == null) {
            return;
        }
        if (value == null) {
            tokens.remove(hash);
            return;
        }
        JoinTokenRecord token = decode(value, JoinTokenRecord.class, Topics.JOIN_TOKENS.name(), partition);
        if (token != null && token.meetingId() != null && token.attendeeId() != null) {
            tokens.put(hash, token);
        }
    }

    private void applyMeetingState(int partition, long offset, String key, byte[] value) {
        if (key == null) {
            return;
        }
        String meetingId = StateKeys.meetingIdOf(key);
        String attendeeId = StateKeys.attendeeIdOf(key);
        if (attendeeId == null) {
            applyMeeting(meetingId, value);
        } else {
            applyAttendee(meetingId, attendeeId, partition, value);
        }
    }

    private void applyMeeting(String meetingId, byte[] value) {
        if (value != null) {
            roster.putMeeting(meetingId, StateCodec.decode(value, MeetingRecord.class).mediaRegion());
            return;
        }
        roster.removeMeeting(meetingId);
        attendeeTokens.removeMeeting(meetingId);
        revocations.tombstone(tokens.removeMeeting(meetingId));
    }

    private void applyAttendee(String meetingId, String attendeeId, int partition, byte[] value) {
        if (value == null) {
            roster.removeAttendee(meetingId, attendeeId);
            attendeeTokens.removeAttendee(meetingId, attendeeId);
            revocations.tombstone(tokens.removeAttendee(meetingId, attendeeId));
            return;
        }
        AttendeeRecord attendee = decode(value, AttendeeRecord.class, Topics.MEETING_STATE.name(), partition);
        if (attendee != null) {
            roster.putAttendee(meetingId, attendeeId, attendee);
            if (attendee.joinTokenHash() != null) {
                attendeeTokens.put(attendee.joinTokenHash(),
                        new JoinTokenRecord(meetingId, attendeeId, attendee.createdAtMillis()));
            }
        }
    }

    /** Null for a record this version cannot read: one bad record must not stop the projection. */
    private static <T> T decode(byte[] value, Class<T> type, String topic, int partition) {
        try {
            return StateCodec.decode(value, type);
        } catch (UncheckedIOException e) {
            LOG.warnf("Skipped a record of %s[%d] that is not a %s", topic, partition, type.getSimpleName());
            return null;
        }
    }
}

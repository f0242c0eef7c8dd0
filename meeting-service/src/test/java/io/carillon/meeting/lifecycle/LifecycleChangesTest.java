package io.carillon.meeting.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.carillon.events.lifecycle.LifecycleEvent;
import io.carillon.events.lifecycle.LifecycleEventType;
import io.carillon.events.state.AttendeeRecord;
import io.carillon.events.state.Capabilities;
import io.carillon.events.state.MeetingFeatures;
import io.carillon.events.state.MeetingRecord;
import io.carillon.events.state.StateCodec;
import io.carillon.events.state.StateKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The lifecycle a sequence of state-log records tells, as the relay publishes it. */
class LifecycleChangesTest {

    private final LifecycleChanges changes = new LifecycleChanges();
    private final List<LifecycleEvent> published = new ArrayList<>();
    private long offset;

    @Test
    void a_meeting_its_attendees_and_its_end() {
        MeetingRecord meeting = meeting("m1", 250);
        write(StateKeys.meeting("m1"), meeting);
        write(StateKeys.meeting("m1"), meeting.withTags(Map.of("team", "blue")));
        AttendeeRecord alice = attendee("m1", "a1", "alice");
        write(StateKeys.attendee("m1", "a1"), alice);
        write(StateKeys.attendee("m1", "a1"), alice.withCapabilities(Capabilities.ALL));
        write(StateKeys.attendee("m1", "a2"), attendee("m1", "a2", "bob"));
        write(StateKeys.attendee("m1", "a2"), null);
        write(StateKeys.meeting("m1"), null);
        write(StateKeys.attendee("m1", "a1"), null);

        assertThat(published).extracting(LifecycleEvent::eventType).containsExactly(
                LifecycleEventType.MEETING_STARTED, LifecycleEventType.ATTENDEE_ADDED, LifecycleEventType.ATTENDEE_ADDED,
                LifecycleEventType.ATTENDEE_DELETED, LifecycleEventType.MEETING_ENDED);
        assertThat(published.get(0).externalMeetingId()).isEqualTo("ext-m1");
        assertThat(published.get(1).externalUserId()).isEqualTo("alice");
        assertThat(published.get(1).mediaRegion()).isEqualTo("eu-west-1");
        assertThat(published.get(3).externalUserId()).isEqualTo("bob");
        assertThat(published.get(4).timestamp()).isEqualTo(1_000 + 6);
    }

    @Test
    void records_the_log_refuses_start_nothing_and_their_take_back_ends_nothing() {
        write(StateKeys.meeting("m2"), meeting("m2", 1));
        write(StateKeys.attendee("m2", "a1"), attendee("m2", "a1", "alice"));
        write(StateKeys.attendee("m2", "a2"), attendee("m2", "a2", "bob")); // past the cap of 1
        write(StateKeys.attendee("m2", "a2"), null);
        write(StateKeys.attendee("m2", "a3"), attendee("m2", "a3", "alice")); // ExternalUserId taken
        write(StateKeys.attendee("m2", "a3"), null);
        write(StateKeys.attendee("gone", "a4"), attendee("gone", "a4", "carol")); // no such meeting

        assertThat(published).extracting(LifecycleEvent::eventType).containsExactly(
                LifecycleEventType.MEETING_STARTED, LifecycleEventType.ATTENDEE_ADDED);
    }

    private void write(String key, Object record) {
        byte[] value = record == null ? null : StateCodec.encode(record);
        changes.apply(0, offset, key, value, 1_000 + offset).ifPresent(published::add);
        offset++;
    }

    private static MeetingRecord meeting(String id, int cap) {
        return new MeetingRecord(id, "token-" + id, "ext-" + id, null, "eu-west-1",
                new MeetingFeatures("UNAVAILABLE", "HD", "FHD", cap), null, null, Map.of(), 0);
    }

    private static AttendeeRecord attendee(String meetingId, String attendeeId, String externalUserId) {
        return new AttendeeRecord(meetingId, attendeeId, externalUserId, Capabilities.ALL, 0);
    }
}

package io.carillon.events.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LifecycleEventTest {

    private static final Instant AT = Instant.ofEpochMilli(1_000);

    @Test
    void joined_left_and_dropped_events_carry_the_voip_network_type() {
        LifecycleEvent joined = LifecycleEvent.connection(LifecycleEventType.ATTENDEE_CONTENT_JOINED, AT, "m", "us-east-1",
                "a#content", "bob");
        assertThat(joined.networkType()).isEqualTo("Voip");
        assertThat(joined.externalMeetingId()).isNull();
    }

    @Test
    void an_event_built_with_the_wrong_fields_for_its_type_is_refused() {
        assertThatThrownBy(() -> LifecycleEvent.meeting(LifecycleEventType.ATTENDEE_ADDED, AT, "m", "x", "us-east-1"))
                .hasMessageContaining("chime:AttendeeAdded is not a MEETING event");
        assertThatThrownBy(() -> LifecycleEvent.attendee(LifecycleEventType.ATTENDEE_JOINED, AT, "m", "us-east-1", "a", "u"))
                .hasMessageContaining("is not a ATTENDEE event");
    }

    @Test
    void cloud_event_type_is_the_chime_event_type_and_subject_the_meeting() {
        var event = LifecycleEvent.attendee(LifecycleEventType.ATTENDEE_DELETED, AT, "m-1", "us-east-1", "a-1", "carol");
        var cloudEvent = LifecycleCloudEvents.toCloudEvent(event, URI.create("/carillon/meeting-service"));
        assertThat(cloudEvent.getType()).isEqualTo("chime:AttendeeDeleted");
        assertThat(cloudEvent.getSubject()).isEqualTo("m-1");
        assertThat(LifecycleCloudEvents.fromCloudEvent(cloudEvent)).isEqualTo(event);
    }
}

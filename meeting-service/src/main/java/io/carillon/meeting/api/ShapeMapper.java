package io.carillon.meeting.api;

import io.carillon.events.state.AttendeeRecord;
import io.carillon.events.state.Capabilities;
import io.carillon.events.state.MeetingFeatures;
import io.carillon.events.state.MeetingRecord;
import io.carillon.meeting.MeetingServiceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;

/** Stored records to the Chime response shapes (and the meeting's ARN and media placement). */
@ApplicationScoped
public class ShapeMapper {

    @Inject
    MeetingServiceConfig config;

    public Shapes.Meeting meeting(MeetingRecord m) {
        return new Shapes.Meeting(m.meetingId(), m.meetingHostId(), m.externalMeetingId(), m.mediaRegion(),
                placement(m), features(m.features()), m.primaryMeetingId(), m.tenantIds(), arn(m));
    }

    public Shapes.Attendee attendee(AttendeeRecord a, String joinToken) {
        return new Shapes.Attendee(a.externalUserId(), a.attendeeId(), joinToken, capabilities(a.capabilities()));
    }

    public List<Shapes.Tag> tags(Map<String, String> tags) {
        return tags.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> new Shapes.Tag(e.getKey(), e.getValue())).toList();
    }

    /** arn:aws:chime:{region}:{account}:meeting/{MeetingId} */
    public String arn(MeetingRecord m) {
        return "arn:aws:chime:" + m.mediaRegion() + ":" + config.accountId() + ":meeting/" + m.meetingId();
    }

    private Shapes.MediaPlacement placement(MeetingRecord m) {
        MeetingServiceConfig.Region region = config.regions().get(m.mediaRegion());
        if (region == null) {
            return null; // a region removed from the configuration since the meeting was created
        }
        return new Shapes.MediaPlacement(region.audioHostUrl(), null,
                region.signalingUrl() + "/control/" + m.meetingId(), null, null, null, null,
                region.eventIngestionUrl().orElse(null));
    }

    private static Shapes.MeetingFeaturesConfiguration features(MeetingFeatures f) {
        return new Shapes.MeetingFeaturesConfiguration(
                f.echoReduction() == null ? null : new Shapes.AudioFeatures(f.echoReduction()),
                new Shapes.VideoFeatures(f.videoMaxResolution()),
                new Shapes.ContentFeatures(f.contentMaxResolution()),
                new Shapes.AttendeeFeatures(f.maxAttendees()));
    }

    private static Shapes.AttendeeCapabilities capabilities(Capabilities c) {
        return new Shapes.AttendeeCapabilities(c.audio().name(), c.video().name(), c.content().name());
    }
}

package io.carillon.meeting.api;

import static io.carillon.meeting.api.ChimeException.badRequest;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.carillon.events.state.Capabilities;
import io.carillon.events.state.MediaCapability;
import io.carillon.events.state.MeetingFeatures;
import io.carillon.meeting.MeetingServiceConfig;
import io.carillon.meeting.meeting.NewMeeting;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parses request bodies and turns them into validated values, naming the field at fault. */
@ApplicationScoped
public class RequestReader {

    private static final int DEFAULT_MAX_ATTENDEES = 250;
    private static final int HIGH_RESOLUTION_MAX_ATTENDEES = 25;

    private final ObjectMapper json = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    @Inject
    MeetingServiceConfig config;

    public <T> T body(byte[] body, Class<T> type) {
        if (body.length > config.maxBodyBytes()) {
            throw badRequest("The request body is larger than " + config.maxBodyBytes() + " bytes.");
        }
        if (body.length == 0) {
            throw badRequest("The request needs a JSON body.");
        }
        try {
            T value = json.readValue(body, type);
            if (value == null) {
                throw badRequest("The request body must be a JSON object.");
            }
            return value;
        } catch (IOException e) {
            throw badRequest("The request body is not valid JSON for this operation.");
        }
    }

    public NewMeeting newMeeting(Shapes.CreateMeetingRequest r) {
        FieldRules.clientRequestToken(r.clientRequestToken());
        FieldRules.required("MediaRegion", r.mediaRegion());
        FieldRules.length("MediaRegion", r.mediaRegion(), 2, 64);
        if (!config.regions().containsKey(r.mediaRegion())) {
            throw badRequest("MediaRegion " + r.mediaRegion() + " is not served here; choose one of "
                    + config.regions().keySet() + ".");
        }
        FieldRules.externalId("ExternalMeetingId", r.externalMeetingId(), true);
        FieldRules.externalId("MeetingHostId", r.meetingHostId(), false);
        FieldRules.length("PrimaryMeetingId", r.primaryMeetingId(), 2, 64);
        FieldRules.tenantIds(r.tenantIds());
        return new NewMeeting(r.clientRequestToken(), r.externalMeetingId(), r.meetingHostId(), r.mediaRegion(),
                features(r.meetingFeatures()), r.primaryMeetingId(), r.tenantIds(), tags(r.tags()));
    }

    public Map<String, String> tags(List<Shapes.Tag> tags) {
        Map<String, String> map = new LinkedHashMap<>();
        if (tags == null) {
            return map;
        }
        FieldRules.listSize("Tags", tags, 0, 50);
        for (Shapes.Tag tag : tags) {
            FieldRules.required("Tags entry", tag);
            FieldRules.tag(tag.key(), tag.value());
            map.put(tag.key(), tag.value());
        }
        return map;
    }

    /** MeetingFeatures with Chime's defaults: video HD, content FHD, 250 attendees (25 with FHD video or UHD content). */
    MeetingFeatures features(Shapes.MeetingFeaturesConfiguration f) {
        String echo = f == null || f.audio() == null ? null : f.audio().echoReduction();
        if (echo != null && !echo.equals("AVAILABLE") && !echo.equals("UNAVAILABLE")) {
            throw badRequest("MeetingFeatures.Audio.EchoReduction must be AVAILABLE or UNAVAILABLE.");
        }
        String video = f == null || f.video() == null || f.video().maxResolution() == null ? "HD" : f.video().maxResolution();
        if (!List.of("None", "HD", "FHD").contains(video)) {
            throw badRequest("MeetingFeatures.Video.MaxResolution must be None, HD or FHD.");
        }
        String content = f == null || f.content() == null || f.content().maxResolution() == null
                ? "FHD" : f.content().maxResolution();
        if (!List.of("None", "FHD", "UHD").contains(content)) {
            throw badRequest("MeetingFeatures.Content.MaxResolution must be None, FHD or UHD.");
        }
        int defaultMax = video.equals("FHD") || content.equals("UHD") ? HIGH_RESOLUTION_MAX_ATTENDEES : DEFAULT_MAX_ATTENDEES;
        Integer max = f == null || f.attendee() == null ? null : f.attendee().maxCount();
        if (max != null && (max < 1 || max > DEFAULT_MAX_ATTENDEES)) {
            throw badRequest("MeetingFeatures.Attendee.MaxCount must be 1 to 250.");
        }
        return new MeetingFeatures(echo, video, content, max == null ? defaultMax : max);
    }

    /** Omitted capabilities mean SendReceive for all; given ones need all three. */
    public Capabilities capabilities(Shapes.AttendeeCapabilities c, boolean required) {
        if (c == null) {
            if (required) {
                throw badRequest("Capabilities is required.");
            }
            return Capabilities.ALL;
        }
        return new Capabilities(capability("Capabilities.Audio", c.audio()), capability("Capabilities.Video", c.video()),
                capability("Capabilities.Content", c.content()));
    }

    private static MediaCapability capability(String field, String value) {
        FieldRules.required(field, value);
        return FieldRules.oneOf(field, value, MediaCapability.class);
    }

    public void attendeeItem(Shapes.CreateAttendeeRequestItem item) {
        FieldRules.required("Attendees entry", item);
        FieldRules.externalId("ExternalUserId", item.externalUserId(), true);
    }
}

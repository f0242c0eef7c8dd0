package io.carillon.events.state;

import java.util.List;
import java.util.Map;

/** A meeting as meeting-service stores it on {@code carillon.meeting-state} (key: meeting id). */
public record MeetingRecord(
        String meetingId,
        String clientRequestToken,
        String externalMeetingId,
        String meetingHostId,
        String mediaRegion,
        MeetingFeatures features,
        String primaryMeetingId,
        List<String> tenantIds,
        Map<String, String> tags,
        long createdAtMillis) {

    public MeetingRecord {
        tenantIds = tenantIds == null ? null : List.copyOf(tenantIds);
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    public MeetingRecord withTags(Map<String, String> newTags) {
        return new MeetingRecord(meetingId, clientRequestToken, externalMeetingId, meetingHostId, mediaRegion, features,
                primaryMeetingId, tenantIds, newTags, createdAtMillis);
    }
}

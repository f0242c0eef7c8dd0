package io.carillon.meeting.meeting;

import io.carillon.events.state.MeetingFeatures;
import java.util.List;
import java.util.Map;

/** A validated CreateMeeting request. */
public record NewMeeting(String clientRequestToken, String externalMeetingId, String meetingHostId, String mediaRegion,
        MeetingFeatures features, String primaryMeetingId, List<String> tenantIds, Map<String, String> tags) {
}

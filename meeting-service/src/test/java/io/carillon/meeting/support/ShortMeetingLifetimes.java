package io.carillon.meeting.support;

import java.util.Map;

/** WithTokenService, with meetings that end after 2 s idle or 6 s in all, checked twice a second. */
public class ShortMeetingLifetimes extends WithTokenService {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("carillon.meeting.idle-meeting-timeout", "2s",
                "carillon.meeting.max-meeting-duration", "6s",
                "carillon.meeting.reaper-interval", "500ms");
    }
}

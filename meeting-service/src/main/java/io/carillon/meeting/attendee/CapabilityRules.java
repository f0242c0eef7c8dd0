package io.carillon.meeting.attendee;

import static io.carillon.meeting.api.ChimeException.badRequest;

import io.carillon.events.state.Capabilities;
import io.carillon.events.state.MediaCapability;
import io.carillon.events.state.MeetingFeatures;

/** Chime's rules for attendee capabilities against each other and the meeting's features. */
public final class CapabilityRules {

    private static final String NONE = "None";

    private CapabilityRules() {
    }

    public static void check(Capabilities capabilities, MeetingFeatures features) {
        if (capabilities.content().receives() && !capabilities.video().receives()) {
            throw badRequest("Capabilities.Content " + capabilities.content()
                    + " needs Capabilities.Video SendReceive or Receive.");
        }
        if (NONE.equals(features.videoMaxResolution()) && capabilities.video() != MediaCapability.None) {
            throw badRequest("Capabilities.Video must be None: the meeting's Video.MaxResolution is None.");
        }
        if (NONE.equals(features.contentMaxResolution()) && capabilities.content() != MediaCapability.None) {
            throw badRequest("Capabilities.Content must be None: the meeting's Content.MaxResolution is None.");
        }
    }
}

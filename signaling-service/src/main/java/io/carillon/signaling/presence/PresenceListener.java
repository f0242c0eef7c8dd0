package io.carillon.signaling.presence;

import io.carillon.signaling.protocol.ChimeSignaling.SdkAudioStreamIdInfo;
import java.util.List;

/** Told about roster changes, on the presence projection thread; must not block. */
public interface PresenceListener {

    /** Entries to send to every session of the meeting that already has the roster. */
    void rosterChanged(String meetingId, List<SdkAudioStreamIdInfo> changes);

    /** A newer session of the same attendee took over from {@code replacedSessionId}. */
    void sessionReplaced(String replacedSessionId, boolean sameDevice);
}

package io.carillon.signaling.presence;

import io.carillon.events.signaling.PresenceRecord;

/** A present session in a meeting and the audio stream id the presence log gave it. */
public record RosterEntry(PresenceRecord presence, int audioStreamId) {
}

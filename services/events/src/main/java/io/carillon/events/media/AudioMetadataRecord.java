package io.carillon.events.media;

import java.util.List;

/**
 * Volumes and signal strengths of a meeting's audio streams, as the owning media instance measures
 * them, on {@code carillon.audio-metadata} keyed by meeting id; every signaling instance turns it
 * into one AUDIO_METADATA frame for its sessions of the meeting.
 */
public record AudioMetadataRecord(String meetingId, List<StreamLevel> levels) {

    /**
     * @param volume          dB below full scale, 0 loudest .. 127 silent (RFC 6464 scale; the client maps 14..42 dB)
     * @param signalStrength  0 nothing received, 1 heavy loss, 2 good
     */
    public record StreamLevel(long audioStreamId, int volume, int signalStrength) {
    }
}

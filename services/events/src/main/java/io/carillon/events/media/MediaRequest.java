package io.carillon.events.media;

/**
 * A request to the media service owning a meeting, on {@code carillon.media-requests}: for now
 * SUBSCRIBE, carrying the client's SdkSubscribeFrame as protobuf bytes.
 *
 * @param correlationId matches the reply
 * @param replyTo       the signaling instance waiting (the reply's record key)
 */
public record MediaRequest(String correlationId, String replyTo, Kind kind, String meetingId, String attendeeId,
        String sessionId, long audioStreamId, byte[] subscribeFrame) {

    public enum Kind {
        SUBSCRIBE
    }
}

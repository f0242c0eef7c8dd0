package io.carillon.events.media;

/**
 * The media service's answer on {@code carillon.media-replies}: an SdkSubscribeAckFrame as protobuf
 * bytes, or an error status (Chime error-frame semantics: 4xx refused, 5xx retry) with a reason,
 * and the media instance that answered (the owner of the meeting's media).
 */
public record MediaReply(String correlationId, byte[] subscribeAckFrame, int errorStatus, String errorDescription,
        String mediaInstanceId) {

    public MediaReply(String correlationId, byte[] subscribeAckFrame, int errorStatus, String errorDescription) {
        this(correlationId, subscribeAckFrame, errorStatus, errorDescription, null);
    }

    /** The same reply, naming the media instance that holds the session's media. */
    public MediaReply from(String instanceId) {
        return new MediaReply(correlationId, subscribeAckFrame, errorStatus, errorDescription, instanceId);
    }
}

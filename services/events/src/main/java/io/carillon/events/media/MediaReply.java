package io.carillon.events.media;

/**
 * The media service's answer on {@code carillon.media-replies}: an SdkSubscribeAckFrame as protobuf
 * bytes, or an error status (Chime error-frame semantics: 4xx refused, 5xx retry) with a reason.
 */
public record MediaReply(String correlationId, byte[] subscribeAckFrame, int errorStatus, String errorDescription) {
}

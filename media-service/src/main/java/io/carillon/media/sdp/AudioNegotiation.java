package io.carillon.media.sdp;

/**
 * What the answer settled for audio.
 *
 * @param opusPayloadType      the offer's payload type for opus/48000/2
 * @param redPayloadType       RFC 2198 RED accepted with this payload type, or -1 (declined)
 * @param audioLevelExtension  the offer's id for ssrc-audio-level (RFC 6464), or -1
 * @param opusFmtp             the offer's opus fmtp parameters (the client's audio profile lives there)
 * @param clientSsrc           the SSRC the client declares for its audio, or 0
 */
public record AudioNegotiation(String mid, int opusPayloadType, int redPayloadType, int audioLevelExtension,
        String opusFmtp, long clientSsrc) {
}

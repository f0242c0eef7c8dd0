package io.carillon.media.audio;

/**
 * Where a listener's mixed audio goes: exactly one 20 ms Opus frame per tick. The sink owns the RTP side (SSRC,
 * sequence numbers, timestamps, SRTP).
 *
 * <p>The bytes are only valid during the call and may be shared with other listeners (one shared encode, or the
 * constant silence frame): copy them if they must outlive the call, never modify them.
 */
@FunctionalInterface
public interface AudioSink {
    void sendFrame(byte[] opus, int off, int len);
}

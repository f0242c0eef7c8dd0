package io.carillon.client.audio;

/** What a synthetic attendee says: one 20 ms Opus frame per call, with its RFC 6464 level. */
public interface AudioSource {

    /** Writes the next frame at {@code out[off]}; returns its length. */
    int nextFrame(byte[] out, int off);

    /** The level of the frame just written: 0 (loud) .. 127 (silence), -dBov. */
    int level();
}

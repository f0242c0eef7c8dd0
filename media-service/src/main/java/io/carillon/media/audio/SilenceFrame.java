package io.carillon.media.audio;

/**
 * The constant Opus frame sent when a listener has nothing to hear: TOC 0xF8 (config 31: CELT-only fullband 20 ms,
 * mono, one frame) followed by 0xFF 0xFE, which decodes to 960 zero samples. Sending it costs no encode.
 */
final class SilenceFrame {
    static final byte[] BYTES = {(byte) 0xF8, (byte) 0xFF, (byte) 0xFE};

    private SilenceFrame() {
    }
}

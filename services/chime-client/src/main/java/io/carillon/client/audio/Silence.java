package io.carillon.client.audio;

/**
 * What a muted or quiet browser sends: a 3-byte Opus frame that decodes to 20 ms of silence
 * (TOC 0xF8: CELT fullband 20 ms, mono, one frame), level 127.
 */
public final class Silence implements AudioSource {

    static final byte[] FRAME = {(byte) 0xF8, (byte) 0xFF, (byte) 0xFE};

    @Override
    public int nextFrame(byte[] out, int off) {
        System.arraycopy(FRAME, 0, out, off, FRAME.length);
        return FRAME.length;
    }

    @Override
    public int level() {
        return 127;
    }
}

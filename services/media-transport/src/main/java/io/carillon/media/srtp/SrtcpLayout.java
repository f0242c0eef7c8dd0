package io.carillon.media.srtp;

/** Constants and the minimal sanity check for SRTCP packets (RFC 3711 §3.4). */
final class SrtcpLayout {
    /** The E flag: the SRTCP payload is encrypted. */
    static final int E_FLAG = 0x8000_0000;
    /** SRTCP index is 31 bits. */
    static final long MAX_INDEX = 0x7FFF_FFFFL;

    private SrtcpLayout() {
    }

    /** At least header + sender SSRC (8 bytes), version 2, fits in the array. */
    static boolean isRtcp(byte[] buf, int off, int len) {
        return buf != null && off >= 0 && len >= 8 && off + len <= buf.length
            && (buf[off] & 0xC0) == 0x80;
    }
}

package io.carillon.media.srtp;

/**
 * One direction of SRTP/SRTCP with session keys already derived. Methods work in place and
 * return the new length, or -1 for a malformed, unauthentic or replayed packet, or an SSRC over
 * the per-session limit. Not thread-safe.
 */
interface SrtpTransform {
    int protectRtp(byte[] buf, int off, int len);

    int unprotectRtp(byte[] buf, int off, int len);

    int protectRtcp(byte[] buf, int off, int len);

    int unprotectRtcp(byte[] buf, int off, int len);
}

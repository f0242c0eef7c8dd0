package io.carillon.media.srtp;

import io.carillon.media.rtp.RtpHeader;

/**
 * One direction of AES_128_CM with HMAC_SHA1_80 (RFC 3711 §4.1.1, §4.2.1; RFC 5764 §4.1.2).
 * protect/unprotect do not allocate: their working memory is the thread's {@link SrtpScratch}, so a session holds
 * only its keys, salts and replay state.
 *
 * <p>SRTP: encrypted payload after the header, tag = first 80 bits of HMAC-SHA1(auth_key,
 * header || payload || ROC) appended (§4.2). SRTCP (§3.4): encrypted after the first 8 bytes,
 * then E || 31-bit SRTCP index, then the 80-bit tag over everything before it.
 *
 * <p>Not thread-safe: one event loop owns a session.
 */
final class AesCmTransform implements SrtpTransform {
    static final int TAG = 10;         // HMAC_SHA1_80, RFC 3711 §5.2
    static final int SRTCP_INDEX = 4;  // E flag + 31-bit index, RFC 3711 §3.4
    private static final int RTCP_HEADER = 8;

    private final AesCtr rtpCipher;
    private final AesCtr rtcpCipher;
    private final HmacSha1 rtpMac;
    private final HmacSha1 rtcpMac;
    private final byte[] rtpSalt;   // 14 bytes
    private final byte[] rtcpSalt;  // 14 bytes
    final SrtpStreams streams = new SrtpStreams(); // package-private for tests

    /** From session keys (RFC 3711 §4.3 output): 16-byte keys, 20-byte auth keys, 14-byte salts. */
    AesCmTransform(byte[] rtpKey, byte[] rtpAuth, byte[] rtpSalt,
                   byte[] rtcpKey, byte[] rtcpAuth, byte[] rtcpSalt) {
        this.rtpCipher = new AesCtr(rtpKey);
        this.rtcpCipher = new AesCtr(rtcpKey);
        this.rtpMac = new HmacSha1(rtpAuth);
        this.rtcpMac = new HmacSha1(rtcpAuth);
        this.rtpSalt = rtpSalt.clone();
        this.rtcpSalt = rtcpSalt.clone();
    }

    /** Derives the six session keys from a master key and 14-byte master salt (kdr 0). */
    static AesCmTransform fromMaster(byte[] masterKey, byte[] masterSalt) {
        return new AesCmTransform(
            SrtpKdf.derive(masterKey, masterSalt, SrtpKdf.LABEL_RTP_ENCRYPTION, 16),
            SrtpKdf.derive(masterKey, masterSalt, SrtpKdf.LABEL_RTP_AUTH, 20),
            SrtpKdf.derive(masterKey, masterSalt, SrtpKdf.LABEL_RTP_SALT, 14),
            SrtpKdf.derive(masterKey, masterSalt, SrtpKdf.LABEL_RTCP_ENCRYPTION, 16),
            SrtpKdf.derive(masterKey, masterSalt, SrtpKdf.LABEL_RTCP_AUTH, 20),
            SrtpKdf.derive(masterKey, masterSalt, SrtpKdf.LABEL_RTCP_SALT, 14));
    }

    @Override
    public int protectRtp(byte[] buf, int off, int len) {
        int hdr = RtpHeader.payloadOffset(buf, off, len);
        if (hdr < 0 || buf.length - off - len < TAG) {
            return -1;
        }
        int ssrc = Bytes.getInt(buf, off + 8);
        int seq = Bytes.getShort(buf, off + 2);
        int slot = streams.findOrAdd(ssrc);
        if (slot < 0) {
            return -1;
        }
        long highest = streams.rtpHighest[slot];
        long index = PacketIndex.estimate(highest, seq);
        if (index < 0) {
            return -1;
        }
        if (index > highest) {
            streams.rtpHighest[slot] = index; // our own ROC tracks what we send (RFC 3711 §3.3.1)
        }
        SrtpScratch scratch = SrtpScratch.current();
        byte[] iv = rtpIv(scratch, ssrc, index);
        if (!rtpCipher.apply(scratch, iv, buf, off + hdr, len - hdr) || !rtpTag(scratch, buf, off, len, index)) {
            return -1;
        }
        System.arraycopy(scratch.mac, 0, buf, off + len, TAG);
        return len + TAG;
    }

    @Override
    public int unprotectRtp(byte[] buf, int off, int len) {
        int plain = len - TAG;
        int hdr = RtpHeader.payloadOffset(buf, off, plain);
        if (hdr < 0) {
            return -1;
        }
        int ssrc = Bytes.getInt(buf, off + 8);
        int seq = Bytes.getShort(buf, off + 2);
        int slot = streams.find(ssrc); // added only once authenticated
        long highest = slot < 0 ? -1 : streams.rtpHighest[slot];
        long window = slot < 0 ? 0 : streams.rtpWindow[slot];
        long index = PacketIndex.estimate(highest, seq);
        if (index < 0 || PacketIndex.isReplay(highest, window, index)) {
            return -1;
        }
        SrtpScratch scratch = SrtpScratch.current();
        if (!rtpTag(scratch, buf, off, plain, index)
                || !Bytes.equalsConstantTime(scratch.mac, 0, buf, off + plain, TAG)) {
            return -1;
        }
        if (slot < 0 && (slot = streams.findOrAdd(ssrc)) < 0) {
            return -1;
        }
        byte[] iv = rtpIv(scratch, ssrc, index);
        if (!rtpCipher.apply(scratch, iv, buf, off + hdr, plain - hdr)) {
            return -1;
        }
        streams.rtpWindow[slot] = PacketIndex.updateWindow(highest, window, index);
        streams.rtpHighest[slot] = Math.max(highest, index);
        return plain;
    }

    @Override
    public int protectRtcp(byte[] buf, int off, int len) {
        if (!SrtcpLayout.isRtcp(buf, off, len) || buf.length - off - len < SRTCP_INDEX + TAG) {
            return -1;
        }
        int ssrc = Bytes.getInt(buf, off + 4);
        int slot = streams.findOrAdd(ssrc);
        if (slot < 0) {
            return -1;
        }
        long index = streams.rtcpHighest[slot] + 1;
        if (index > SrtcpLayout.MAX_INDEX) {
            return -1; // RFC 3711 §9.2: rekey before the 31-bit index wraps
        }
        streams.rtcpHighest[slot] = index;
        SrtpScratch scratch = SrtpScratch.current();
        byte[] iv = rtcpIv(scratch, ssrc, (int) index);
        if (!rtcpCipher.apply(scratch, iv, buf, off + RTCP_HEADER, len - RTCP_HEADER)) {
            return -1;
        }
        Bytes.putInt(buf, off + len, SrtcpLayout.E_FLAG | (int) index);
        int authLen = len + SRTCP_INDEX;
        if (!rtcpMac.mac(scratch, buf, off, authLen, buf, 0, 0, scratch.mac)) {
            return -1;
        }
        System.arraycopy(scratch.mac, 0, buf, off + authLen, TAG);
        return authLen + TAG;
    }

    @Override
    public int unprotectRtcp(byte[] buf, int off, int len) {
        int authLen = len - TAG;
        int plain = authLen - SRTCP_INDEX;
        if (!SrtcpLayout.isRtcp(buf, off, plain)) {
            return -1;
        }
        int ssrc = Bytes.getInt(buf, off + 4);
        int trailer = Bytes.getInt(buf, off + plain);
        long index = trailer & SrtcpLayout.MAX_INDEX;
        int slot = streams.find(ssrc);
        long highest = slot < 0 ? -1 : streams.rtcpHighest[slot];
        long window = slot < 0 ? 0 : streams.rtcpWindow[slot];
        if (PacketIndex.isReplay(highest, window, index)) {
            return -1;
        }
        SrtpScratch scratch = SrtpScratch.current();
        if (!rtcpMac.mac(scratch, buf, off, authLen, buf, 0, 0, scratch.mac)
                || !Bytes.equalsConstantTime(scratch.mac, 0, buf, off + authLen, TAG)) {
            return -1;
        }
        if (slot < 0 && (slot = streams.findOrAdd(ssrc)) < 0) {
            return -1;
        }
        if ((trailer & SrtcpLayout.E_FLAG) != 0) {
            byte[] iv = rtcpIv(scratch, ssrc, (int) index);
            if (!rtcpCipher.apply(scratch, iv, buf, off + RTCP_HEADER, plain - RTCP_HEADER)) {
                return -1;
            }
        }
        streams.rtcpWindow[slot] = PacketIndex.updateWindow(highest, window, index);
        streams.rtcpHighest[slot] = Math.max(highest, index);
        return plain;
    }

    /** RFC 3711 §4.1.1: IV = (salt * 2^16) XOR (SSRC * 2^64) XOR (index * 2^16). */
    private byte[] rtpIv(SrtpScratch scratch, int ssrc, long index) {
        byte[] iv = scratch.iv;
        System.arraycopy(rtpSalt, 0, iv, 0, 14);
        iv[14] = 0;
        iv[15] = 0;
        xorInt(iv, 4, ssrc);
        xorInt(iv, 8, (int) (index >>> 16));
        iv[12] ^= (byte) (index >>> 8);
        iv[13] ^= (byte) index;
        return iv;
    }

    /** The same layout with the 31-bit SRTCP index in the 48-bit index field (RFC 3711 §4.1.1). */
    private byte[] rtcpIv(SrtpScratch scratch, int ssrc, int index) {
        byte[] iv = scratch.iv;
        System.arraycopy(rtcpSalt, 0, iv, 0, 14);
        iv[14] = 0;
        iv[15] = 0;
        xorInt(iv, 4, ssrc);
        xorInt(iv, 10, index);
        return iv;
    }

    /** Full HMAC of header || payload || ROC into the scratch's {@code mac} (RFC 3711 §4.2). */
    private boolean rtpTag(SrtpScratch scratch, byte[] buf, int off, int len, long index) {
        Bytes.putInt(scratch.word, 0, (int) (index >>> 16));
        return rtpMac.mac(scratch, buf, off, len, scratch.word, 0, 4, scratch.mac);
    }

    private static void xorInt(byte[] b, int off, int v) {
        b[off] ^= (byte) (v >>> 24);
        b[off + 1] ^= (byte) (v >>> 16);
        b[off + 2] ^= (byte) (v >>> 8);
        b[off + 3] ^= (byte) v;
    }
}

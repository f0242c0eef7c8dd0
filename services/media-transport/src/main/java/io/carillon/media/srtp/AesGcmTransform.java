package io.carillon.media.srtp;

import io.carillon.media.rtp.RtpHeader;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * One direction of AEAD_AES_128_GCM for SRTP/SRTCP (RFC 7714).
 *
 * <p>SRTP (§8): AAD = RTP header incl. CSRCs and extension; the payload becomes ciphertext ||
 * 16-byte tag; IV = (0x0000 || SSRC || ROC || SEQ) XOR salt (§8.1). SRTCP (§9): AAD = first 8
 * bytes || E+index; output = header || ciphertext || tag || E+index; IV = (0x0000 || SSRC ||
 * 0x0000 || 0+index) XOR salt (§9.1).
 *
 * <p>Allocation: the JDK's GCM needs a new {@link GCMParameterSpec} and a {@code Cipher.init} per
 * packet (about 1 KB), and copies when working in place; accepted for this profile. An
 * authentication failure surfaces from the JDK as an exception, mapped here to -1.
 *
 * <p>Not thread-safe: one event loop owns a session.
 */
final class AesGcmTransform implements SrtpTransform {
    static final int TAG = 16;         // RFC 7714 §14.2, 128-bit tag
    static final int SRTCP_INDEX = 4;
    private static final int RTCP_HEADER = 8;

    private final Cipher gcm;
    private final SecretKeySpec rtpKey;
    private final SecretKeySpec rtcpKey;
    private final byte[] rtpSalt;   // 12 bytes
    private final byte[] rtcpSalt;  // 12 bytes
    final SrtpStreams streams = new SrtpStreams(); // package-private for tests
    private final byte[] iv = new byte[12];
    private final byte[] word = new byte[4];

    /** From session keys (16 bytes) and session salts (12 bytes). */
    AesGcmTransform(byte[] rtpKey, byte[] rtpSalt, byte[] rtcpKey, byte[] rtcpSalt) {
        try {
            this.gcm = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
        this.rtpKey = new SecretKeySpec(rtpKey, "AES");
        this.rtcpKey = new SecretKeySpec(rtcpKey, "AES");
        this.rtpSalt = rtpSalt.clone();
        this.rtcpSalt = rtcpSalt.clone();
    }

    /** Session keys via the AES-CM PRF (RFC 7714 §11, RFC 3711 §4.3), 12-byte master salt. */
    static AesGcmTransform fromMaster(byte[] masterKey, byte[] masterSalt) {
        return new AesGcmTransform(
            SrtpKdf.derive(masterKey, masterSalt, SrtpKdf.LABEL_RTP_ENCRYPTION, 16),
            SrtpKdf.derive(masterKey, masterSalt, SrtpKdf.LABEL_RTP_SALT, 12),
            SrtpKdf.derive(masterKey, masterSalt, SrtpKdf.LABEL_RTCP_ENCRYPTION, 16),
            SrtpKdf.derive(masterKey, masterSalt, SrtpKdf.LABEL_RTCP_SALT, 12));
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
            streams.rtpHighest[slot] = index;
        }
        rtpIv(ssrc, index);
        try {
            gcm.init(Cipher.ENCRYPT_MODE, rtpKey, new GCMParameterSpec(TAG * 8, iv));
            gcm.updateAAD(buf, off, hdr);
            return hdr + gcm.doFinal(buf, off + hdr, len - hdr, buf, off + hdr);
        } catch (GeneralSecurityException e) {
            return -1; // includes the JDK's refusal to reuse an IV (same SSRC/index sent twice)
        }
    }

    @Override
    public int unprotectRtp(byte[] buf, int off, int len) {
        int plain = len - TAG;
        int hdr = RtpHeader.payloadOffset(buf, off, plain);
        if (hdr < 0 || off + len > buf.length) {
            return -1;
        }
        int ssrc = Bytes.getInt(buf, off + 8);
        int seq = Bytes.getShort(buf, off + 2);
        int slot = streams.find(ssrc);
        long highest = slot < 0 ? -1 : streams.rtpHighest[slot];
        long window = slot < 0 ? 0 : streams.rtpWindow[slot];
        long index = PacketIndex.estimate(highest, seq);
        if (index < 0 || PacketIndex.isReplay(highest, window, index)) {
            return -1;
        }
        if (slot < 0 && streams.size() >= SrtpStreams.MAX_STREAMS) {
            return -1;
        }
        rtpIv(ssrc, index);
        try {
            gcm.init(Cipher.DECRYPT_MODE, rtpKey, new GCMParameterSpec(TAG * 8, iv));
            gcm.updateAAD(buf, off, hdr);
            gcm.doFinal(buf, off + hdr, len - hdr, buf, off + hdr);
        } catch (GeneralSecurityException e) {
            return -1; // AEADBadTagException: forged or corrupted
        }
        if (slot < 0) {
            slot = streams.findOrAdd(ssrc);
        }
        streams.rtpWindow[slot] = PacketIndex.updateWindow(highest, window, index);
        streams.rtpHighest[slot] = Math.max(highest, index);
        return plain;
    }

    @Override
    public int protectRtcp(byte[] buf, int off, int len) {
        if (!SrtcpLayout.isRtcp(buf, off, len) || buf.length - off - len < TAG + SRTCP_INDEX) {
            return -1;
        }
        int ssrc = Bytes.getInt(buf, off + 4);
        int slot = streams.findOrAdd(ssrc);
        if (slot < 0) {
            return -1;
        }
        long index = streams.rtcpHighest[slot] + 1;
        if (index > SrtcpLayout.MAX_INDEX) {
            return -1;
        }
        streams.rtcpHighest[slot] = index;
        int trailer = SrtcpLayout.E_FLAG | (int) index;
        Bytes.putInt(word, 0, trailer);
        rtcpIv(ssrc, (int) index);
        try {
            gcm.init(Cipher.ENCRYPT_MODE, rtcpKey, new GCMParameterSpec(TAG * 8, iv));
            gcm.updateAAD(buf, off, RTCP_HEADER);
            gcm.updateAAD(word, 0, 4);
            int n = gcm.doFinal(buf, off + RTCP_HEADER, len - RTCP_HEADER, buf, off + RTCP_HEADER);
            int end = off + RTCP_HEADER + n;
            Bytes.putInt(buf, end, trailer);
            return end + SRTCP_INDEX - off;
        } catch (GeneralSecurityException e) {
            return -1;
        }
    }

    @Override
    public int unprotectRtcp(byte[] buf, int off, int len) {
        int plain = len - TAG - SRTCP_INDEX;
        if (!SrtcpLayout.isRtcp(buf, off, plain) || off + len > buf.length) {
            return -1;
        }
        int ssrc = Bytes.getInt(buf, off + 4);
        int trailerOff = off + len - SRTCP_INDEX;
        int trailer = Bytes.getInt(buf, trailerOff);
        long index = trailer & SrtcpLayout.MAX_INDEX;
        int slot = streams.find(ssrc);
        long highest = slot < 0 ? -1 : streams.rtcpHighest[slot];
        long window = slot < 0 ? 0 : streams.rtcpWindow[slot];
        if (PacketIndex.isReplay(highest, window, index)) {
            return -1;
        }
        if (slot < 0 && streams.size() >= SrtpStreams.MAX_STREAMS) {
            return -1;
        }
        System.arraycopy(buf, trailerOff, word, 0, 4);
        rtcpIv(ssrc, (int) index);
        try {
            gcm.init(Cipher.DECRYPT_MODE, rtcpKey, new GCMParameterSpec(TAG * 8, iv));
            if ((trailer & SrtcpLayout.E_FLAG) != 0) {
                gcm.updateAAD(buf, off, RTCP_HEADER);
                gcm.updateAAD(word, 0, 4);
                gcm.doFinal(buf, off + RTCP_HEADER, plain - RTCP_HEADER + TAG, buf, off + RTCP_HEADER);
            } else {
                // RFC 7714 §9.2: unencrypted SRTCP, the whole packet is AAD and the tag follows it.
                gcm.updateAAD(buf, off, plain);
                gcm.updateAAD(word, 0, 4);
                gcm.doFinal(buf, off + plain, TAG, buf, off + plain);
            }
        } catch (GeneralSecurityException e) {
            return -1;
        }
        if (slot < 0) {
            slot = streams.findOrAdd(ssrc);
        }
        streams.rtcpWindow[slot] = PacketIndex.updateWindow(highest, window, index);
        streams.rtcpHighest[slot] = Math.max(highest, index);
        return plain;
    }

    /** RFC 7714 §8.1: 00 00 || SSRC || ROC || SEQ, XOR the 12-byte salt. */
    private void rtpIv(int ssrc, long index) {
        iv[0] = 0;
        iv[1] = 0;
        Bytes.putInt(iv, 2, ssrc);
        Bytes.putInt(iv, 6, (int) (index >>> 16));
        iv[10] = (byte) (index >>> 8);
        iv[11] = (byte) index;
        xorSalt(rtpSalt);
    }

    /** RFC 7714 §9.1: 00 00 || SSRC || 00 00 || 0 + 31-bit index, XOR the 12-byte salt. */
    private void rtcpIv(int ssrc, int index) {
        iv[0] = 0;
        iv[1] = 0;
        Bytes.putInt(iv, 2, ssrc);
        iv[6] = 0;
        iv[7] = 0;
        Bytes.putInt(iv, 8, index & 0x7FFF_FFFF);
        xorSalt(rtcpSalt);
    }

    private void xorSalt(byte[] salt) {
        for (int i = 0; i < 12; i++) {
            iv[i] ^= salt[i];
        }
    }
}

package io.carillon.media.srtp;

import java.util.Arrays;

/**
 * Both directions of one DTLS-SRTP association: outbound packets are protected with the local
 * side's write keys, inbound packets unprotected with the peer's.
 *
 * <p>All methods work in place on the caller's buffer and return the new length, or -1 when the
 * packet is malformed, fails authentication, is a replay, or carries an SSRC beyond the
 * per-direction limit of {@link SrtpStreams#MAX_STREAMS}. They do not log or throw for bad
 * packets. With {@link SrtpProfile#AES128_CM_HMAC_SHA1_80} they do not allocate; with
 * {@link SrtpProfile#AEAD_AES_128_GCM} the JDK's per-packet {@code Cipher.init} allocates.
 *
 * <p>Not thread-safe by design: one event loop owns a session.
 */
public final class SrtpSession {
    /**
     * Bytes a protect may add: the largest is AEAD_AES_128_GCM SRTCP, a 16-byte tag plus the
     * 4-byte E+index word (RFC 7714 §9). AES-CM adds 10 (SRTP) or 14 (SRTCP).
     */
    public static final int MAX_OVERHEAD = 20;

    private final SrtpProfile profile;
    private final SrtpTransform outbound;
    private final SrtpTransform inbound;

    private SrtpSession(SrtpProfile profile, SrtpTransform outbound, SrtpTransform inbound) {
        this.profile = profile;
        this.outbound = outbound;
        this.inbound = inbound;
    }

    /**
     * material = DTLS exporter "EXTRACTOR-dtls_srtp" output, RFC 5764 4.2 layout: client key,
     * server key, client salt, server salt. The DTLS server writes with the server key/salt and
     * reads with the client's.
     *
     * @throws IllegalArgumentException if the material is shorter than the profile requires
     */
    public static SrtpSession fromDtlsKeyingMaterial(SrtpProfile profile, byte[] material,
                                                     boolean localIsDtlsServer) {
        int k = profile.keyLength();
        int s = profile.saltLength();
        if (material == null || material.length < 2 * (k + s)) {
            throw new IllegalArgumentException("keying material too short for " + profile);
        }
        byte[] clientKey = Arrays.copyOfRange(material, 0, k);
        byte[] serverKey = Arrays.copyOfRange(material, k, 2 * k);
        byte[] clientSalt = Arrays.copyOfRange(material, 2 * k, 2 * k + s);
        byte[] serverSalt = Arrays.copyOfRange(material, 2 * k + s, 2 * k + 2 * s);
        SrtpTransform client = transform(profile, clientKey, clientSalt);
        SrtpTransform server = transform(profile, serverKey, serverSalt);
        Arrays.fill(clientKey, (byte) 0);
        Arrays.fill(serverKey, (byte) 0);
        return localIsDtlsServer
            ? new SrtpSession(profile, server, client)
            : new SrtpSession(profile, client, server);
    }

    private static SrtpTransform transform(SrtpProfile profile, byte[] key, byte[] salt) {
        switch (profile) {
            case AES128_CM_HMAC_SHA1_80:
                return AesCmTransform.fromMaster(key, salt);
            case AEAD_AES_128_GCM:
                return AesGcmTransform.fromMaster(key, salt);
            default:
                throw new IllegalArgumentException("unsupported profile " + profile);
        }
    }

    public SrtpProfile profile() {
        return profile;
    }

    /** In place; plaintext length, or -1 (malformed, auth failure, replay). */
    public int unprotectRtp(byte[] buf, int off, int len) {
        return inRange(buf, off, len) ? inbound.unprotectRtp(buf, off, len) : -1;
    }

    /** In place; buf has room for len + MAX_OVERHEAD; returns protected length or -1. */
    public int protectRtp(byte[] buf, int off, int len) {
        return inRange(buf, off, len) ? outbound.protectRtp(buf, off, len) : -1;
    }

    /** In place; plaintext compound RTCP length, or -1 (malformed, auth failure, replay). */
    public int unprotectRtcp(byte[] buf, int off, int len) {
        return inRange(buf, off, len) ? inbound.unprotectRtcp(buf, off, len) : -1;
    }

    /** In place; buf has room for len + MAX_OVERHEAD; returns protected length or -1. */
    public int protectRtcp(byte[] buf, int off, int len) {
        return inRange(buf, off, len) ? outbound.protectRtcp(buf, off, len) : -1;
    }

    private static boolean inRange(byte[] buf, int off, int len) {
        return buf != null && off >= 0 && len >= 0 && len <= buf.length - off;
    }
}

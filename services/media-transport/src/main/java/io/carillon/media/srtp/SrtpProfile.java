package io.carillon.media.srtp;

/**
 * The DTLS-SRTP protection profiles Carillon negotiates (RFC 5764 §4.1.2, RFC 7714 §14.2).
 */
public enum SrtpProfile {
    /** SRTP_AES128_CM_HMAC_SHA1_80 (RFC 5764 §4.1.2): id 0x0001, key 16, salt 14, auth tag 10. */
    AES128_CM_HMAC_SHA1_80(0x0001, 16, 14, 10),
    /** SRTP_AEAD_AES_128_GCM (RFC 7714 §14.2): id 0x0007, key 16, salt 12, tag 16. */
    AEAD_AES_128_GCM(0x0007, 16, 12, 16);

    private final int dtlsId;
    private final int keyLength;
    private final int saltLength;
    private final int tagLength;

    SrtpProfile(int dtlsId, int keyLength, int saltLength, int tagLength) {
        this.dtlsId = dtlsId;
        this.keyLength = keyLength;
        this.saltLength = saltLength;
        this.tagLength = tagLength;
    }

    /** The two-byte SRTPProtectionProfile value of the DTLS use_srtp extension. */
    public int dtlsId() {
        return dtlsId;
    }

    /** Master key length in bytes. */
    public int keyLength() {
        return keyLength;
    }

    /** Master salt length in bytes. */
    public int saltLength() {
        return saltLength;
    }

    /** Authentication tag length in bytes (HMAC truncation or GCM tag). */
    public int tagLength() {
        return tagLength;
    }

    /** Length of the DTLS exporter output this profile needs: 2 * (key + salt), RFC 5764 §4.2. */
    public int keyingMaterialLength() {
        return 2 * (keyLength + saltLength);
    }

    /** The profile for a DTLS use_srtp id, or null if unsupported. */
    public static SrtpProfile fromDtlsId(int id) {
        for (SrtpProfile p : values()) {
            if (p.dtlsId == id) {
                return p;
            }
        }
        return null;
    }
}

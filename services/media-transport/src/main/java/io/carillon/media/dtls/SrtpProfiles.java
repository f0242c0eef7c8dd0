package io.carillon.media.dtls;

import org.bouncycastle.tls.SRTPProtectionProfile;

/** The SRTP protection profiles this service negotiates (RFC 5764 §4.1.2, RFC 7714 §14.2). */
final class SrtpProfiles {
    private SrtpProfiles() {}

    /** 0x0001: AES-128 counter mode, HMAC-SHA1 80-bit tag; 128-bit key, 112-bit salt. */
    static final int AES128_CM_HMAC_SHA1_80 = SRTPProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80;
    /** 0x0007: AEAD AES-128-GCM; 128-bit key, 96-bit salt (RFC 7714 §12). */
    static final int AEAD_AES_128_GCM = SRTPProtectionProfile.SRTP_AEAD_AES_128_GCM;

    /** Server preference order: AES128_CM_HMAC_SHA1_80 first. */
    static final int[] SERVER_PREFERENCE = {AES128_CM_HMAC_SHA1_80, AEAD_AES_128_GCM};

    /** Exporter output length, 2 * (key + salt) (RFC 5764 §4.2): 60 for 0x0001, 56 for 0x0007; -1 if unknown. */
    static int keyingMaterialLength(int profile) {
        return switch (profile) {
            case AES128_CM_HMAC_SHA1_80 -> 2 * (16 + 14);
            case AEAD_AES_128_GCM -> 2 * (16 + 12);
            default -> -1;
        };
    }

    /** First profile in our preference that the client offered, or -1 (RFC 5764 §4.1.1). */
    static int select(int[] offered) {
        if (offered == null) {
            return -1;
        }
        for (int ours : SERVER_PREFERENCE) {
            for (int theirs : offered) {
                if (ours == theirs) {
                    return ours;
                }
            }
        }
        return -1;
    }
}

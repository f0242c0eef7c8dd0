package io.carillon.media.srtp;

/**
 * The SRTP key derivation function, AES-CM PRF with key derivation rate 0 (RFC 3711 §4.3.1,
 * §4.3.3). Runs at setup only, so it may allocate.
 */
final class SrtpKdf {
    /** RFC 3711 §4.3.1 labels. */
    static final int LABEL_RTP_ENCRYPTION = 0x00;
    static final int LABEL_RTP_AUTH = 0x01;
    static final int LABEL_RTP_SALT = 0x02;
    static final int LABEL_RTCP_ENCRYPTION = 0x03;
    static final int LABEL_RTCP_AUTH = 0x04;
    static final int LABEL_RTCP_SALT = 0x05;

    private SrtpKdf() {
    }

    /**
     * Derives {@code length} bytes for {@code label}. The master salt is at most 14 bytes; a
     * shorter one (the 12-byte AES-GCM salt, RFC 7714 §11) is zero-padded on the right to 112 bits.
     * With kdr = 0, key_id = label || 48 zero bits and x = key_id XOR master_salt (§4.3.1); the
     * PRF output is the AES-CM keystream at IV = x * 2^16 (§4.3.3).
     */
    static byte[] derive(byte[] masterKey, byte[] masterSalt, int label, int length) {
        if (masterSalt.length > 14) {
            throw new IllegalArgumentException("master salt longer than 112 bits");
        }
        byte[] iv = new byte[16];
        System.arraycopy(masterSalt, 0, iv, 0, masterSalt.length);
        iv[7] ^= (byte) label; // label sits 48 bits above the low end of the 112-bit x
        byte[] out = new byte[length];
        if (!new AesCtr(masterKey).apply(iv, out, 0, length)) {
            throw new IllegalStateException("AES refused key derivation");
        }
        return out;
    }
}

package io.carillon.media.ice;

import java.security.SecureRandom;
import java.util.Objects;

/**
 * Short-term ICE credentials: ufrag and password as exchanged in SDP (a=ice-ufrag / a=ice-pwd).
 *
 * <p>RFC 8839 §5.4: ice-ufrag is 4..256 ice-chars, ice-pwd 22..256 ice-chars, where
 * ice-char = ALPHA / DIGIT / "+" / "/". The ufrag must carry at least 24 bits of randomness and the
 * password at least 128 bits (RFC 8445 §5.3); 8 and 24 chars of a 64-symbol alphabet give 48 and
 * 144 bits.
 */
public record IceCredentials(String ufrag, String pwd) {

    private static final char[] ICE_CHARS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    public IceCredentials {
        Objects.requireNonNull(ufrag, "ufrag");
        Objects.requireNonNull(pwd, "pwd");
    }

    /** Fresh random credentials: ufrag of 8 ice-chars, pwd of 24 ice-chars. */
    public static IceCredentials generate() {
        return new IceCredentials(randomIceChars(8), randomIceChars(24));
    }

    static String randomIceChars(int n) {
        char[] c = new char[n];
        for (int i = 0; i < n; i++) {
            c[i] = ICE_CHARS[RANDOM.nextInt(ICE_CHARS.length)];
        }
        return new String(c);
    }
}

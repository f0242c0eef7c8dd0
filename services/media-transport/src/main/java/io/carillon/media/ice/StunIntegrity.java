package io.carillon.media.ice;

import static io.carillon.media.ice.StunConstants.*;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * MESSAGE-INTEGRITY (RFC 8489 §14.5, HMAC-SHA1 keyed with the short-term password, §9.1.1) and
 * FINGERPRINT (§14.7, CRC-32 xor 0x5354554e) for one password. The Mac, CRC32 and scratch
 * buffers are allocated once.
 *
 * <p>Not thread-safe: owned by one agent on one event loop.
 */
final class StunIntegrity {
    private final Mac mac;
    private final CRC32 crc = new CRC32();
    private final byte[] digest = new byte[MI_LENGTH];
    private final byte[] lengthField = new byte[2];

    /**
     * @param password short-term credential; RFC 8489 §9.1.1 applies OpaqueString (RFC 8265) to it,
     *     which leaves ice-chars (ASCII) unchanged, so the UTF-8 bytes are the key.
     */
    StunIntegrity(String password) {
        try {
            mac = Mac.getInstance("HmacSHA1");
            byte[] key = password.getBytes(StandardCharsets.UTF_8);
            // HMAC needs a non-empty key for the JCE SecretKeySpec; an empty password cannot match anyway.
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, "HmacSHA1"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 unavailable", e);
        }
    }

    /**
     * Verifies the MESSAGE-INTEGRITY attribute whose header is at {@code miAttr}: the HMAC covers the
     * message up to the attribute, with the header length field counting up to the end of MI
     * (RFC 8489 §14.5). Constant-time comparison.
     */
    boolean verify(byte[] b, int msgOff, int miAttr) {
        if (!hmacUpTo(b, msgOff, miAttr)) {
            return false;
        }
        int diff = 0;
        int v = miAttr + 4;
        for (int i = 0; i < MI_LENGTH; i++) {
            diff |= digest[i] ^ b[v + i];
        }
        return diff == 0;
    }

    /**
     * Appends MESSAGE-INTEGRITY at {@code p} (the current end of the message starting at msgOff),
     * setting the header length to include it. Returns the new end.
     */
    int append(byte[] out, int msgOff, int p) {
        put16(out, msgOff + 2, p + MI_ATTR_SIZE - msgOff - HEADER);
        hmacUpTo(out, msgOff, p);
        put16(out, p, ATTR_MESSAGE_INTEGRITY);
        put16(out, p + 2, MI_LENGTH);
        System.arraycopy(digest, 0, out, p + 4, MI_LENGTH);
        return p + MI_ATTR_SIZE;
    }

    private boolean hmacUpTo(byte[] b, int msgOff, int miAttr) {
        put16(lengthField, 0, miAttr + MI_ATTR_SIZE - msgOff - HEADER);
        mac.update(b, msgOff, 2);
        mac.update(lengthField, 0, 2);
        mac.update(b, msgOff + 4, miAttr - msgOff - 4);
        try {
            mac.doFinal(digest, 0);
            return true;
        } catch (ShortBufferException e) {
            mac.reset();
            return false; // cannot happen: digest is 20 bytes
        }
    }

    /** Verifies FINGERPRINT at {@code fpAttr}, which the parser has checked is the last attribute. */
    boolean verifyFingerprint(byte[] b, int msgOff, int fpAttr) {
        return i32(b, fpAttr + 4) == crc(b, msgOff, fpAttr);
    }

    /** Appends FINGERPRINT at {@code p}, setting the header length to include it. Returns the new end. */
    int appendFingerprint(byte[] out, int msgOff, int p) {
        put16(out, msgOff + 2, p + FINGERPRINT_ATTR_SIZE - msgOff - HEADER);
        int value = crc(out, msgOff, p);
        put16(out, p, ATTR_FINGERPRINT);
        put16(out, p + 2, 4);
        put32(out, p + 4, value);
        return p + FINGERPRINT_ATTR_SIZE;
    }

    /** RFC 8489 §14.7: CRC-32 of the message up to FINGERPRINT, xor 0x5354554e. */
    private int crc(byte[] b, int msgOff, int fpAttr) {
        crc.reset();
        crc.update(b, msgOff, fpAttr - msgOff);
        return (int) crc.getValue() ^ FINGERPRINT_XOR;
    }
}

package io.carillon.media.dtls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The certificate fingerprint the peer announced in SDP (RFC 8122 §5: a=fingerprint:hash-func
 * fingerprint, upper-case hex pairs separated by colons). Accepts "sha-256 AB:CD:.." or just the
 * hex, in which case the hash is inferred from the length (sha-1, sha-256, sha-384, sha-512).
 */
final class PeerFingerprint {
    private final String jcaAlgorithm;
    private final byte[] value;

    private PeerFingerprint(String jcaAlgorithm, byte[] value) {
        this.jcaAlgorithm = jcaAlgorithm;
        this.value = value;
    }

    /** @throws IllegalArgumentException when the value cannot be parsed */
    static PeerFingerprint parse(String sdpValue) {
        if (sdpValue == null) {
            throw new IllegalArgumentException("no fingerprint");
        }
        String s = sdpValue.trim();
        String alg = null;
        int space = s.indexOf(' ');
        if (space > 0) {
            alg = s.substring(0, space).toLowerCase(Locale.ROOT);
            s = s.substring(space + 1).trim();
        }
        byte[] v;
        try {
            v = HexFormat.of().parseHex(s.replace(":", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad fingerprint hex: " + sdpValue, e);
        }
        String jca = alg == null ? byLength(v.length) : byName(alg);
        if (jca == null || digestLength(jca) != v.length) {
            throw new IllegalArgumentException("unsupported fingerprint: " + sdpValue);
        }
        return new PeerFingerprint(jca, v);
    }

    private static String byName(String alg) {
        return switch (alg) {
            case "sha-1" -> "SHA-1";
            case "sha-256" -> "SHA-256";
            case "sha-384" -> "SHA-384";
            case "sha-512" -> "SHA-512";
            default -> null;
        };
    }

    private static String byLength(int n) {
        return switch (n) {
            case 20 -> "SHA-1";
            case 32 -> "SHA-256";
            case 48 -> "SHA-384";
            case 64 -> "SHA-512";
            default -> null;
        };
    }

    private static int digestLength(String jca) {
        return digest(jca).getDigestLength();
    }

    private static MessageDigest digest(String jca) {
        try {
            return MessageDigest.getInstance(jca);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(jca, e);
        }
    }

    /** True when the DER-encoded certificate hashes to the announced value (constant time). */
    boolean matches(byte[] certificateDer) {
        return MessageDigest.isEqual(digest(jcaAlgorithm).digest(certificateDer), value);
    }

    /** "AB:CD:..." of a digest, as SDP writes it. */
    static String format(byte[] digest) {
        StringBuilder sb = new StringBuilder(digest.length * 3);
        HexFormat hex = HexFormat.of().withUpperCase();
        for (int i = 0; i < digest.length; i++) {
            if (i > 0) {
                sb.append(':');
            }
            sb.append(hex.toHexDigits(digest[i]));
        }
        return sb.toString();
    }

    static byte[] sha256(byte[] der) {
        return digest("SHA-256").digest(der);
    }
}

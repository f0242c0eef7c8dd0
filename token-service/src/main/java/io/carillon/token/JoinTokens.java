package io.carillon.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Makes join tokens and the hashes they are stored under.
 *
 * <p>A token is 256 random bits in base64url without padding, 43 characters: the client sends it as a
 * WebSocket subprotocol, and a subprotocol is an HTTP token (RFC 6455 section 4.1), which may contain
 * neither '/' nor '='.
 */
public final class JoinTokens {

    /** Characters of a token: 32 bytes in base64url without padding. */
    public static final int LENGTH = 43;
    private static final int RANDOM_BYTES = 32;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private JoinTokens() {
    }

    public static String generate() {
        byte[] secret = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(secret);
        return BASE64URL.encodeToString(secret);
    }

    /**
     * SHA-256 of the token's characters, base64url without padding. No salt or key: 256 random bits
     * cannot be guessed back from a hash, and a plain hash lets every instance find a token by key.
     */
    public static String hash(String token) {
        return BASE64URL.encodeToString(sha256().digest(token.getBytes(StandardCharsets.US_ASCII)));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}

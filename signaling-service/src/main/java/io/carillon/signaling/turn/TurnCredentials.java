package io.carillon.signaling.turn;

import io.carillon.signaling.SignalingConfig;
import io.carillon.signaling.protocol.ChimeSignaling.SdkTurnCredentials;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-limited TURN credentials (the "TURN REST API" scheme, draft-uberti-behave-turn-rest, which
 * coturn checks with {@code use-auth-secret}): username {@code <expiry epoch seconds>:<attendee>},
 * password base64(HMAC-SHA1(secret, username)). Nothing to store: the TURN server recomputes it.
 */
@ApplicationScoped
public class TurnCredentials {

    @Inject
    SignalingConfig config;

    /** Credentials for this attendee, or empty when no TURN server is configured. */
    public Optional<SdkTurnCredentials> forAttendee(String attendeeId) {
        Optional<String> secret = config.turn().secret().filter(s -> !s.isBlank());
        List<String> uris = config.turn().uris().orElse(List.of());
        if (secret.isEmpty() || uris.isEmpty()) {
            return Optional.empty();
        }
        long ttl = config.turn().ttl().toSeconds();
        String username = (System.currentTimeMillis() / 1000 + ttl) + ":" + attendeeId;
        return Optional.of(SdkTurnCredentials.newBuilder().setUsername(username)
                .setPassword(password(secret.get(), username)).setTtl((int) ttl).addAllUris(uris).build());
    }

    static String password(String secret, String username) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA1");
            hmac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(hmac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
        }
    }
}

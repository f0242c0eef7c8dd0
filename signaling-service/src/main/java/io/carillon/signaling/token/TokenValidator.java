package io.carillon.signaling.token;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.carillon.signaling.SignalingConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Asks token-service whom a join token admits to a meeting. */
@ApplicationScoped
public class TokenValidator {

    /** token-service could not answer: the client should come back later (not refused). */
    public static class Unavailable extends Exception {
        public Unavailable(String message) {
            super(message, null, false, false);
        }
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    @Inject
    SignalingConfig config;

    /** The admission, or empty if the token does not admit anyone to this meeting. */
    public Optional<Admission> validate(String meetingId, String joinToken) throws Unavailable {
        try {
            byte[] body = json.writeValueAsBytes(Map.of("meetingId", meetingId, "joinToken", joinToken));
            HttpRequest request = HttpRequest.newBuilder(URI.create(config.tokenServiceUrl() + "/internal/v1/join-tokens/validate"))
                    .timeout(TIMEOUT).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return switch (response.statusCode()) {
                case 200 -> Optional.of(json.readValue(response.body(), Admission.class));
                case 400, 403 -> Optional.empty();
                default -> throw new Unavailable("token-service answered " + response.statusCode());
            };
        } catch (IOException e) {
            throw new Unavailable("token-service unreachable: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted");
        }
    }
}

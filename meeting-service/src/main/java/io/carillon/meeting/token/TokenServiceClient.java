package io.carillon.meeting.token;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.carillon.meeting.MeetingServiceConfig;
import io.carillon.platform.kafka.KafkaUnavailableException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Obtains join tokens from token-service over its internal HTTP API. A direct call, not Kafka
 * request/reply: the CreateAttendee response must carry the token, token-service has made it
 * durable (on {@code carillon.join-tokens}) before it answers, and an HTTP call is the shortest
 * path with a clear failure (503 to the client) when token-service is down.
 */
@ApplicationScoped
public class TokenServiceClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();

    @Inject
    MeetingServiceConfig config;

    /** A new join token for the attendee, shown once: only its hash is stored. */
    public String mint(String meetingId, String attendeeId) {
        return await(mintAsync(meetingId, attendeeId));
    }

    /**
     * Starts minting, so that the caller can write its own state meanwhile; {@link #await} gives
     * the token or the failure as {@link KafkaUnavailableException} (503 to the client).
     */
    public CompletableFuture<String> mintAsync(String meetingId, String attendeeId) {
        byte[] body;
        try {
            body = json.writeValueAsBytes(Map.of("meetingId", meetingId, "attendeeId", attendeeId));
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(config.tokenServiceUrl() + "/internal/v1/join-tokens"))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).thenApply(this::tokenOf);
    }

    /** The minted token; {@link KafkaUnavailableException} if token-service did not make one. */
    public String await(CompletableFuture<String> minting) {
        try {
            return minting.get(TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailableException("interrupted while minting a token", e);
        } catch (TimeoutException e) {
            throw new KafkaUnavailableException("token-service did not answer in time", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof KafkaUnavailableException unavailable) {
                throw unavailable;
            }
            throw new KafkaUnavailableException("token-service unreachable: " + cause, cause);
        }
    }

    private String tokenOf(HttpResponse<byte[]> response) {
        if (response.statusCode() != 201) {
            throw new KafkaUnavailableException("token-service answered " + response.statusCode());
        }
        JsonNode token;
        try {
            token = json.readTree(response.body()).get("joinToken");
        } catch (IOException e) {
            throw new KafkaUnavailableException("token-service answered unreadable JSON", e);
        }
        if (token == null || !token.isTextual()) {
            throw new KafkaUnavailableException("token-service answered without a token");
        }
        return token.asText();
    }
}

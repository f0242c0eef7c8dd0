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

/**
 * Obtains join tokens from token-service over its internal HTTP API. A synchronous call, not Kafka
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
        try {
            byte[] body = json.writeValueAsBytes(Map.of("meetingId", meetingId, "attendeeId", attendeeId));
            HttpRequest request = HttpRequest.newBuilder(URI.create(config.tokenServiceUrl() + "/internal/v1/join-tokens"))
                    .timeout(TIMEOUT)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 201) {
                throw new KafkaUnavailableException("token-service answered " + response.statusCode());
            }
            JsonNode token = json.readTree(response.body()).get("joinToken");
            if (token == null || !token.isTextual()) {
                throw new KafkaUnavailableException("token-service answered without a token");
            }
            return token.asText();
        } catch (IOException e) {
            throw new KafkaUnavailableException("token-service unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailableException("interrupted while minting a token", e);
        }
    }
}

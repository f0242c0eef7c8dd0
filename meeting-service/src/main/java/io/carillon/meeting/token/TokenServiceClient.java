package io.carillon.meeting.token;

import io.carillon.meeting.MeetingServiceConfig;
import io.carillon.platform.kafka.KafkaUnavailableException;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Obtains join tokens from token-service over its internal HTTP API. A direct call, not Kafka
 * request/reply: the CreateAttendee response must carry the token, token-service has made it
 * durable (on {@code carillon.join-tokens}) before it answers, and an HTTP call is the shortest
 * path with a clear failure (503 to the client) when token-service is down.
 *
 * <p>The call runs on Vert.x's HTTP client (HTTP/1.1, a pool of keep-alive connections, answered on
 * an event loop). The JDK's {@code HttpClient} was measured costlier here: on a machine with two
 * cores its {@code sendAsync} starts a new thread for every response (CompletableFuture's default
 * executor when the common pool has one thread), and it spoke HTTP/2 to token-service.
 */
@ApplicationScoped
public class TokenServiceClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final String PATH = "/internal/v1/join-tokens";
    /** Requests in flight to token-service at once; more wait for a connection. */
    private static final int CONNECTIONS = 64;

    private final HttpClient http;
    private final RequestOptions mintRequest;

    @Inject
    public TokenServiceClient(Vertx vertx, MeetingServiceConfig config) {
        URI base = URI.create(config.tokenServiceUrl());
        int port = base.getPort() > 0 ? base.getPort() : "https".equals(base.getScheme()) ? 443 : 80;
        this.http = vertx.createHttpClient(new HttpClientOptions()
                .setSsl("https".equals(base.getScheme()))
                .setConnectTimeout((int) Duration.ofSeconds(2).toMillis())
                .setKeepAlive(true), new PoolOptions().setHttp1MaxSize(CONNECTIONS));
        String prefix = base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/+$", "");
        this.mintRequest = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setHost(base.getHost())
                .setPort(port)
                .setURI(prefix + PATH)
                .setTimeout(TIMEOUT.toMillis())
                .putHeader("Content-Type", "application/json");
    }

    /** A new join token for the attendee, shown once: only its hash is stored. */
    public String mint(String meetingId, String attendeeId) {
        return await(mintAsync(meetingId, attendeeId));
    }

    /**
     * Starts minting, so that the caller can write its own state meanwhile; {@link #await} gives
     * the token or the failure as {@link KafkaUnavailableException} (503 to the client).
     */
    public CompletableFuture<String> mintAsync(String meetingId, String attendeeId) {
        Buffer body = new JsonObject().put("meetingId", meetingId).put("attendeeId", attendeeId).toBuffer();
        return http.request(mintRequest)
                // body() right where the response arrives: attached one stage later, it may miss a
                // body that came in the meantime (Vert.x does not pause the response for it).
                .compose(request -> request.send(body)
                        .compose(response -> response.body().map(answer -> tokenOf(response.statusCode(), answer))))
                .toCompletionStage()
                .toCompletableFuture();
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

    @PreDestroy
    void close() {
        http.close();
    }

    private static String tokenOf(int status, Buffer answer) {
        if (status != 201) {
            throw new KafkaUnavailableException("token-service answered " + status);
        }
        Object token;
        try {
            token = new JsonObject(answer).getValue("joinToken");
        } catch (DecodeException e) {
            throw new KafkaUnavailableException("token-service answered unreadable JSON: " + e.getMessage(), e);
        }
        if (!(token instanceof String text)) {
            throw new KafkaUnavailableException("token-service answered without a token");
        }
        return text;
    }
}

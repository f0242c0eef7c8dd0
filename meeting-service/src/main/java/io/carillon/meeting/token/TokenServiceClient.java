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
import java.util.concurrent.CompletionException;

/**
 * Obtains join tokens from token-service over its internal HTTP API. A direct call, not Kafka
 * request/reply: the CreateAttendee response must carry the token, and an HTTP call is the
 * shortest path with a clear failure (503 to the client) when token-service is down. For a new
 * attendee token-service answers the token and its hash at once, and the hash becomes durable in
 * the attendee's record ({@link #mintForNewAttendee}); another token for an existing attendee is
 * made durable by token-service (on {@code carillon.join-tokens}) before it answers ({@link #mint}).
 *
 * <p>The call runs on Vert.x's HTTP client (HTTP/1.1, a pool of keep-alive connections, answered on
 * an event loop). The JDK's {@code HttpClient} was measured costlier here: on a machine with two
 * cores its {@code sendAsync} starts a new thread for every response (CompletableFuture's default
 * executor when the common pool has one thread), and it spoke HTTP/2 to token-service.
 *
 * <p>Pooled connections do not expire on the client's side (keep-alive timeout 0; Vert.x's default is
 * 60 s): token-service closes the ones idle longer than its HTTP idle timeout (30 minutes). With the
 * default, the connections a burst had opened all closed together a minute later, in the middle of
 * the steady load that followed; in a JVM that had not closed a connection before, that close
 * de-optimised Netty's write path in both services and the calls stalled for ~300 ms while C2
 * compiled it again (docs/benchmarks.md, twelfth session).
 */
@ApplicationScoped
public class TokenServiceClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final String PATH = "/internal/v1/join-tokens";
    /**
     * Requests in flight to token-service at once; more wait for a connection. A call takes well under a
     * millisecond, so 8 carry several thousand a second. Few, because a pool reaches its size early
     * (any burst does it) and then never grows again: opening a connection in the middle of steady load
     * was the other first-use of code that the JIT had compiled without it (the de-optimisation stall
     * described above), and with 64 a broker pause of 30 ms was enough to make the pool grow.
     */
    private static final int CONNECTIONS = 8;

    private final HttpClient http;
    private final RequestOptions mintRequest;
    private final RequestOptions newAttendeeRequest;

    @Inject
    public TokenServiceClient(Vertx vertx, MeetingServiceConfig config) {
        URI base = URI.create(config.tokenServiceUrl());
        int port = base.getPort() > 0 ? base.getPort() : "https".equals(base.getScheme()) ? 443 : 80;
        this.http = vertx.createHttpClient(new HttpClientOptions()
                .setSsl("https".equals(base.getScheme()))
                .setConnectTimeout((int) Duration.ofSeconds(2).toMillis())
                .setKeepAlive(true)
                .setKeepAliveTimeout(0), new PoolOptions().setHttp1MaxSize(CONNECTIONS));
        String prefix = base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/+$", "");
        this.mintRequest = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setHost(base.getHost())
                .setPort(port)
                .setURI(prefix + PATH)
                .setTimeout(TIMEOUT.toMillis())
                .putHeader("Content-Type", "application/json");
        this.newAttendeeRequest = new RequestOptions(mintRequest).setURI(prefix + PATH + "/for-new-attendee");
    }

    /** A join token and the hash under which token-service will recognise it. */
    public record NewToken(String joinToken, String joinTokenHash) {
    }

    /**
     * A token for an attendee about to be written: the token admits no one until the attendee's
     * record carrying {@link NewToken#joinTokenHash()} is in Kafka. Fails with
     * {@link KafkaUnavailableException} (503 to the client).
     */
    public CompletableFuture<NewToken> mintForNewAttendeeAsync() {
        return unavailableOnFailure(http.request(newAttendeeRequest)
                .compose(request -> request.send()
                        .compose(response -> response.body().map(answer -> newTokenOf(response.statusCode(), answer))))
                .toCompletionStage()
                .toCompletableFuture());
    }

    /**
     * Another join token for an existing attendee (a repeated CreateAttendee), shown once:
     * token-service has stored its hash before it answers. Fails with {@link KafkaUnavailableException}.
     */
    public CompletableFuture<String> mintAsync(String meetingId, String attendeeId) {
        Buffer body = new JsonObject().put("meetingId", meetingId).put("attendeeId", attendeeId).toBuffer();
        return unavailableOnFailure(http.request(mintRequest)
                // body() right where the response arrives: attached one stage later, it may miss a
                // body that came in the meantime (Vert.x does not pause the response for it).
                .compose(request -> request.send(body)
                        .compose(response -> response.body().map(answer -> tokenOf(response.statusCode(), answer))))
                .toCompletionStage()
                .toCompletableFuture());
    }

    /** A failed call (refused, timed out, unreachable) is a {@link KafkaUnavailableException}: 503 to the client. */
    private static <T> CompletableFuture<T> unavailableOnFailure(CompletableFuture<T> call) {
        return call.exceptionally(failure -> {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (cause instanceof KafkaUnavailableException unavailable) {
                throw unavailable;
            }
            throw new KafkaUnavailableException("token-service unreachable: " + cause, cause);
        });
    }

    @PreDestroy
    void close() {
        http.close();
    }

    private static String tokenOf(int status, Buffer answer) {
        return text(answerOf(status, answer), "joinToken");
    }

    private static NewToken newTokenOf(int status, Buffer answer) {
        JsonObject json = answerOf(status, answer);
        return new NewToken(text(json, "joinToken"), text(json, "joinTokenHash"));
    }

    private static JsonObject answerOf(int status, Buffer answer) {
        if (status != 201) {
            throw new KafkaUnavailableException("token-service answered " + status);
        }
        try {
            return new JsonObject(answer);
        } catch (DecodeException e) {
            throw new KafkaUnavailableException("token-service answered unreadable JSON: " + e.getMessage(), e);
        }
    }

    private static String text(JsonObject answer, String field) {
        if (!(answer.getValue(field) instanceof String text)) {
            throw new KafkaUnavailableException("token-service answered without " + field);
        }
        return text;
    }
}

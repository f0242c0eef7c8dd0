package io.carillon.signaling.media;

import com.google.protobuf.InvalidProtocolBufferException;
import io.carillon.events.Topics;
import io.carillon.events.media.MediaReply;
import io.carillon.events.media.MediaRequest;
import io.carillon.events.state.StateCodec;
import io.carillon.platform.kafka.DurableLog;
import io.carillon.platform.kafka.Projections;
import io.carillon.platform.kafka.TopicProjection;
import io.carillon.signaling.SignalingConfig;
import io.carillon.signaling.presence.RosterEntry;
import io.carillon.signaling.presence.PresenceLog;
import io.carillon.signaling.protocol.ChimeSignaling.SdkErrorFrame;
import io.carillon.signaling.protocol.ChimeSignaling.SdkSignalFrame;
import io.carillon.signaling.protocol.ChimeSignaling.SdkSubscribeAckFrame;
import io.carillon.signaling.protocol.ChimeSignaling.SdkSubscribeFrame;
import io.carillon.signaling.protocol.Frames;
import io.carillon.signaling.session.InstanceId;
import io.carillon.signaling.session.SignalingSession;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * SUBSCRIBE as request/reply over Kafka: the offer goes to {@code carillon.media-requests} (keyed by
 * meeting, so the meeting's owning media instance gets it), the answer comes back on
 * {@code carillon.media-replies} keyed by this instance, matched by correlation id. Without an
 * answer in {@code subscribe-timeout} the client gets a SUBSCRIBE_ACK carrying error 503 — never a
 * made-up SDP answer; the Chime client treats 5xx as "reconnect".
 */
@ApplicationScoped
public class MediaRequests implements TopicProjection.Applier {

    private static final Logger LOG = Logger.getLogger(MediaRequests.class);
    static final int UNAVAILABLE = 503;

    @Inject
    DurableLog log;
    @Inject
    InstanceId instance;
    @Inject
    SignalingConfig config;
    @Inject
    PresenceLog presence;
    @Inject
    Projections projections;

    private final Map<String, CompletableFuture<MediaReply>> waiting = new ConcurrentHashMap<>();

    void onStart(@Observes StartupEvent event) {
        projections.followNewRecords(Topics.MEDIA_REPLIES, this);
    }

    /**
     * The SUBSCRIBE_ACK frame for this SUBSCRIBE: the media service's answer, or error 503. Nothing
     * waits for it: the session goes on answering PINGs and relaying data messages meanwhile.
     */
    public CompletableFuture<SdkSignalFrame> subscribe(SignalingSession session, SdkSubscribeFrame subscribe) {
        String correlationId = UUID.randomUUID().toString();
        RosterEntry entry = presence.entry(session.meetingId(), session.admission().sessionAttendeeId(), session.id());
        MediaRequest request = new MediaRequest(correlationId, instance.value(), MediaRequest.Kind.SUBSCRIBE,
                session.meetingId(), session.admission().sessionAttendeeId(), session.id(),
                entry == null ? 0 : entry.audioStreamId(), subscribe.toByteArray());
        CompletableFuture<MediaReply> reply = new CompletableFuture<>();
        waiting.put(correlationId, reply);
        log.appendAsync(Topics.MEDIA_REQUESTS.name(), session.meetingId(), StateCodec.encode(request))
                .whenComplete((written, error) -> {
                    if (error != null) {
                        reply.completeExceptionally(error);
                    }
                });
        return reply.orTimeout(config.subscribeTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .handle((answer, error) -> {
                    waiting.remove(correlationId);
                    if (error == null) {
                        if (answer.mediaInstanceId() != null && answer.errorStatus() == 0) {
                            session.mediaInstance(answer.mediaInstanceId());
                        }
                        return ack(answer);
                    }
                    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                    if (cause instanceof TimeoutException) {
                        LOG.warnf("no media service answered SUBSCRIBE of meeting %s within %s", session.meetingId(),
                                config.subscribeTimeout());
                        return failed(UNAVAILABLE, "media service unavailable: no answer within " + config.subscribeTimeout());
                    }
                    return failed(UNAVAILABLE, "media service unavailable");
                });
    }

    @Override
    public void apply(int partition, long offset, String key, byte[] value) {
        if (value == null || !instance.value().equals(key)) {
            return; // another instance's reply
        }
        try {
            MediaReply reply = StateCodec.decode(value, MediaReply.class);
            CompletableFuture<MediaReply> pending = waiting.get(reply.correlationId());
            if (pending != null) {
                pending.complete(reply);
            }
        } catch (RuntimeException e) {
            LOG.warn("skipping an unreadable media reply");
        }
    }

    private static SdkSignalFrame ack(MediaReply reply) {
        if (reply.errorStatus() != 0 || reply.subscribeAckFrame() == null) {
            return failed(reply.errorStatus() == 0 ? UNAVAILABLE : reply.errorStatus(), reply.errorDescription());
        }
        try {
            return Frames.frame(SdkSignalFrame.Type.SUBSCRIBE_ACK)
                    .setSuback(SdkSubscribeAckFrame.parseFrom(reply.subscribeAckFrame())).build();
        } catch (InvalidProtocolBufferException e) {
            return failed(UNAVAILABLE, "media service answered with an unreadable frame");
        }
    }

    /** The client needs the suback sub-message even when the status says it failed. */
    private static SdkSignalFrame failed(int status, String description) {
        return Frames.frame(SdkSignalFrame.Type.SUBSCRIBE_ACK)
                .setSuback(SdkSubscribeAckFrame.getDefaultInstance())
                .setError(SdkErrorFrame.newBuilder().setStatus(status).setDescription(description == null ? "" : description))
                .build();
    }
}

package io.carillon.signaling.data;

import com.google.protobuf.ByteString;
import io.carillon.events.Topics;
import io.carillon.events.signaling.DataMessageRecord;
import io.carillon.events.state.StateCodec;
import io.carillon.platform.kafka.DurableLog;
import io.carillon.platform.kafka.Projections;
import io.carillon.platform.kafka.TopicProjection;
import io.carillon.signaling.SignalingConfig;
import io.carillon.signaling.protocol.ChimeSignaling.SdkDataMessageFrame;
import io.carillon.signaling.protocol.ChimeSignaling.SdkDataMessagePayload;
import io.carillon.signaling.protocol.ChimeSignaling.SdkSignalFrame;
import io.carillon.signaling.protocol.Frames;
import io.carillon.signaling.session.LocalSessions;
import io.carillon.signaling.session.SignalingSession;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Data messages: checked and stamped by the server, rate-limited per session, fanned out through
 * {@code carillon.data-messages} to every signaling instance, which delivers them to its sessions
 * of the meeting except the sender's. A message with a lifetime is kept and given to attendees who
 * join within it.
 */
@ApplicationScoped
public class DataMessageRelay implements TopicProjection.Applier {

    private static final Logger LOG = Logger.getLogger(DataMessageRelay.class);
    /** Messages kept per meeting for late joiners, at most. */
    private static final int RETAINED_PER_MEETING = 1024;

    @Inject
    DurableLog log;
    @Inject
    LocalSessions sessions;
    @Inject
    SignalingConfig config;
    @Inject
    Projections projections;
    @Inject
    MeterRegistry registry;

    private final Map<String, Deque<DataMessageRecord>> retained = new ConcurrentHashMap<>();
    private Counter relayed;
    private Counter throttled;
    private Counter refused;

    void onStart(@Observes StartupEvent event) {
        relayed = registry.counter("carillon.data.messages", "outcome", "relayed");
        throttled = registry.counter("carillon.data.messages", "outcome", "throttled");
        refused = registry.counter("carillon.data.messages", "outcome", "refused");
        projections.followNewRecords(Topics.DATA_MESSAGES, this);
    }

    /** A token bucket per session. */
    public RateLimit rateLimit() {
        return new RateLimit(config.dataMessagesPerSecond(), config.dataMessageBurst());
    }

    /** The messages of a DATA_MESSAGE frame a session sent. */
    public void accept(SignalingSession sender, SdkDataMessageFrame frame, RateLimit rate) {
        for (SdkDataMessagePayload message : frame.getMessagesList()) {
            String violation = DataMessageRules.violation(message);
            if (violation != null) {
                refused.increment();
                sender.sendError(400, violation);
                continue;
            }
            if (!rate.tryTake()) {
                throttled.increment();
                // back to the sender with ingest_time_ns 0: the client marks it "throttled"
                sender.send(frameOf(stamped(message, sender, 0)));
                continue;
            }
            DataMessageRecord record = new DataMessageRecord(sender.meetingId(), message.getTopic(),
                    message.getData().toByteArray(), Integer.toUnsignedLong(message.getLifetimeMs()),
                    sender.admission().sessionAttendeeId(), sender.admission().externalUserId(), sender.id(),
                    System.currentTimeMillis() * 1_000_000L);
            // not waited for: a session's frames are handled one at a time, and a data message
            // must not hold the next one up for a Kafka round trip (order is kept per meeting)
            log.appendAsync(Topics.DATA_MESSAGES.name(), record.meetingId(), StateCodec.encode(record))
                    .whenComplete((written, error) -> {
                        if (error != null) {
                            sender.sendError(503, "data message not sent: the service is temporarily unavailable");
                        }
                    });
        }
    }

    /** Messages still within their lifetime, for a session that just joined. */
    public void replayRetained(SignalingSession session) {
        Deque<DataMessageRecord> kept = retained.get(session.meetingId());
        if (kept == null) {
            return;
        }
        long nowNs = System.currentTimeMillis() * 1_000_000L;
        List<DataMessageRecord> live;
        synchronized (kept) {
            kept.removeIf(m -> expiresNs(m) <= nowNs);
            live = List.copyOf(kept);
        }
        for (DataMessageRecord message : live) {
            session.send(frameOf(payload(message)));
        }
    }

    @Override
    public void apply(int partition, long offset, String key, byte[] value) {
        if (value == null) {
            return;
        }
        DataMessageRecord message;
        try {
            message = StateCodec.decode(value, DataMessageRecord.class);
        } catch (RuntimeException e) {
            LOG.warn("skipping an unreadable data message record");
            return;
        }
        byte[] encoded = Frames.encode(frameOf(payload(message)));
        for (SignalingSession session : sessions.ofMeeting(message.meetingId())) {
            if (session.joined() && !session.id().equals(message.senderSessionId())) {
                session.sendEncoded(encoded);
            }
        }
        relayed.increment();
        if (message.lifetimeMs() > 0) {
            Deque<DataMessageRecord> kept = retained.computeIfAbsent(message.meetingId(), id -> new ArrayDeque<>());
            synchronized (kept) {
                kept.addLast(message);
                while (kept.size() > RETAINED_PER_MEETING) {
                    kept.removeFirst();
                }
            }
        }
    }

    /** The meeting ended: nobody will join it any more. */
    public void forget(String meetingId) {
        retained.remove(meetingId);
    }

    private static long expiresNs(DataMessageRecord m) {
        return m.ingestTimeNs() + m.lifetimeMs() * 1_000_000L;
    }

    private static SdkDataMessagePayload stamped(SdkDataMessagePayload message, SignalingSession sender, long ingestNs) {
        return message.toBuilder().setSenderAttendeeId(sender.admission().sessionAttendeeId())
                .setSenderExternalUserId(sender.admission().externalUserId()).setIngestTimeNs(ingestNs).build();
    }

    private static SdkDataMessagePayload payload(DataMessageRecord m) {
        return SdkDataMessagePayload.newBuilder().setTopic(m.topic()).setData(ByteString.copyFrom(m.data()))
                .setLifetimeMs((int) m.lifetimeMs()).setSenderAttendeeId(m.senderAttendeeId())
                .setSenderExternalUserId(m.senderExternalUserId()).setIngestTimeNs(m.ingestTimeNs()).build();
    }

    private static SdkSignalFrame frameOf(SdkDataMessagePayload payload) {
        return Frames.frame(SdkSignalFrame.Type.DATA_MESSAGE)
                .setDataMessage(SdkDataMessageFrame.newBuilder().addMessages(payload)).build();
    }

    /** Tokens refill at {@code perSecond}, up to {@code burst}. */
    public static final class RateLimit {
        private final double perNano;
        private final double burst;
        private double tokens;
        private long last = System.nanoTime();

        RateLimit(int perSecond, int burst) {
            this.perNano = perSecond / 1e9;
            this.burst = burst;
            this.tokens = burst;
        }

        synchronized boolean tryTake() {
            long now = System.nanoTime();
            tokens = Math.min(burst, tokens + (now - last) * perNano);
            last = now;
            if (tokens >= 1) {
                tokens -= 1;
                return true;
            }
            return false;
        }
    }
}

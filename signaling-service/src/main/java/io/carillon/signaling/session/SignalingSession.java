package io.carillon.signaling.session;

import io.carillon.events.lifecycle.LifecycleEvent;
import io.carillon.events.lifecycle.LifecycleEventType;
import io.carillon.events.signaling.PresenceRecord;
import io.carillon.platform.kafka.KafkaUnavailableException;
import io.carillon.signaling.data.DataMessageRelay;
import io.carillon.signaling.protocol.ChimeSignaling.SdkAudioStatusFrame;
import io.carillon.signaling.protocol.ChimeSignaling.SdkAudioStreamIdInfo;
import io.carillon.signaling.protocol.ChimeSignaling.SdkAudioStreamIdInfoFrame;
import io.carillon.signaling.protocol.ChimeSignaling.SdkDataMessageFrame;
import io.carillon.signaling.protocol.ChimeSignaling.SdkErrorFrame;
import io.carillon.signaling.protocol.ChimeSignaling.SdkIndexFrame;
import io.carillon.signaling.protocol.ChimeSignaling.SdkJoinAckFrame;
import io.carillon.signaling.protocol.ChimeSignaling.SdkJoinFrame;
import io.carillon.signaling.protocol.ChimeSignaling.SdkLeaveAckFrame;
import io.carillon.signaling.protocol.ChimeSignaling.SdkPingPongFrame;
import io.carillon.signaling.protocol.ChimeSignaling.SdkPingPongType;
import io.carillon.signaling.protocol.ChimeSignaling.SdkServerSideNetworkAdaption;
import io.carillon.signaling.protocol.ChimeSignaling.SdkSignalFrame;
import io.carillon.signaling.protocol.Frames;
import io.carillon.signaling.token.Admission;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.buffer.Buffer;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * One attendee's signaling session: the frames it sends, what it is told, and its presence.
 * Frames of one session are handled one at a time (WebSockets Next serial inbound processing) on
 * worker threads; pushes from Kafka (roster, data messages, removals) are sent without blocking.
 */
public class SignalingSession {

    /** Chime's AUDIO_STATUS values the client acts on. */
    public static final int STATUS_AUTH_REJECTED = 403;
    public static final int STATUS_JOINED_FROM_ANOTHER_DEVICE = 301;
    public static final int STATUS_MEETING_ENDED = 410;
    public static final int STATUS_ATTENDEE_REMOVED = 411;
    /** Close codes: the client treats 4410 during JOIN as "meeting ended", 4500-4599 as "retry". */
    public static final int CLOSE_MEETING_ENDED = 4410;
    public static final int CLOSE_RETRY_LATER = 4503;
    public static final int CLOSE_BAD_REQUEST = 4400;
    public static final int CLOSE_IDLE = 4408;

    private static final Logger LOG = Logger.getLogger(SignalingSession.class);

    private final String id = UUID.randomUUID().toString();
    private final WebSocketConnection connection;
    private final Admission admission;
    private final SessionServices services;
    private final DataMessageRelay.RateLimit dataRate;
    private volatile boolean joined;
    private volatile boolean rosterReady;
    private volatile boolean ended;
    private volatile boolean muted;
    private volatile String mediaInstance;
    private volatile long audioSessionId;
    private volatile long lastFrameAt = System.currentTimeMillis();

    SignalingSession(WebSocketConnection connection, Admission admission, SessionServices services) {
        this.connection = connection;
        this.admission = admission;
        this.services = services;
        this.dataRate = services.data.rateLimit();
    }

    public String id() {
        return id;
    }

    public String meetingId() {
        return admission.meetingId();
    }

    public Admission admission() {
        return admission;
    }

    public boolean joined() {
        return joined && !ended;
    }

    long lastFrameAt() {
        return lastFrameAt;
    }

    void onFrame(SdkSignalFrame frame) {
        lastFrameAt = System.currentTimeMillis();
        switch (frame.getType()) {
            case PING_PONG -> pingPong(frame.getPingPong());
            case JOIN -> join(frame.getJoin());
            case LEAVE -> leave();
            case AUDIO_CONTROL -> mute(frame.getAudioControl().getMuted());
            case DATA_MESSAGE -> dataMessages(frame.getDataMessage());
            case SUBSCRIBE -> services.media.subscribe(this, frame.getSub()).thenAccept(this::send);
            case CLIENT_METRIC -> services.metrics.record(frame.getClientMetric());
            default -> {
                // PAUSE, RESUME, REMOTE_VIDEO_UPDATE, timing, ...: accepted; acted on once video exists
            }
        }
    }

    private void pingPong(SdkPingPongFrame ping) {
        if (ping.getType() == SdkPingPongType.PING) {
            send(Frames.frame(SdkSignalFrame.Type.PING_PONG).setPingPong(
                    SdkPingPongFrame.newBuilder().setType(SdkPingPongType.PONG).setPingId(ping.getPingId())).build());
        }
    }

    /** JOIN -> JOIN_ACK, presence written, INDEX, then the whole roster in one frame. */
    private void join(SdkJoinFrame join) {
        if (joined) {
            return;
        }
        audioSessionId = join.getAudioSessionId();
        SdkJoinAckFrame.Builder joinAck = SdkJoinAckFrame.newBuilder()
                .setVideoSubscriptionLimit(services.config.videoSubscriptionLimit())
                .setWantsCompressedSdp(false)
                // no server-side bandwidth adaptation yet: say so, or the client assumes DEFAULT
                .setDefaultServerSideNetworkAdaption(SdkServerSideNetworkAdaption.NONE);
        // only when a TURN server is configured: the client then forces relay through it
        services.turn.forAttendee(admission.sessionAttendeeId()).ifPresent(joinAck::setTurnCredentials);
        send(Frames.frame(SdkSignalFrame.Type.JOIN_ACK).setJoinack(joinAck).build());
        try {
            services.presence.write(presence(PresenceRecord.State.PRESENT));
        } catch (KafkaUnavailableException e) {
            LOG.warnf("session %s could not join meeting %s: %s", id, meetingId(), e.getMessage());
            connection.close(new CloseReason(CLOSE_RETRY_LATER, "try again")).subscribe().with(ok -> { }, err -> { });
            return;
        }
        joined = true;
        send(Frames.frame(SdkSignalFrame.Type.INDEX).setIndex(SdkIndexFrame.newBuilder()
                .setAtCapacity(false).setNumParticipants(services.presence.present(meetingId()))).build());
        List<SdkAudioStreamIdInfo> roster = services.presence.fullRosterAndSubscribe(meetingId(), () -> rosterReady = true);
        send(audioStreamIdInfo(roster));
        publish(admission.content() ? LifecycleEventType.ATTENDEE_CONTENT_JOINED : LifecycleEventType.ATTENDEE_JOINED);
        services.data.replayRetained(this);
    }

    private void leave() {
        if (joined && !ended) {
            ended = true;
            writePresence(PresenceRecord.State.LEFT);
            publish(admission.content() ? LifecycleEventType.ATTENDEE_CONTENT_LEFT : LifecycleEventType.ATTENDEE_LEFT);
        }
        send(Frames.frame(SdkSignalFrame.Type.LEAVE_ACK).setLeaveAck(SdkLeaveAckFrame.getDefaultInstance()).build());
    }

    private void mute(boolean nowMuted) {
        if (joined && !ended && nowMuted != muted) {
            muted = nowMuted;
            writePresence(PresenceRecord.State.PRESENT);
        }
    }

    private void dataMessages(SdkDataMessageFrame frame) {
        if (!joined || ended) {
            sendError(400, "JOIN before sending data messages");
            return;
        }
        services.data.accept(this, frame, dataRate);
    }

    /** The socket closed. Without a LEAVE, the attendee dropped. */
    void onClosed() {
        services.sessions.remove(this);
        if (joined && !ended) {
            ended = true;
            writePresence(PresenceRecord.State.DROPPED);
            publish(admission.content() ? LifecycleEventType.ATTENDEE_CONTENT_DROPPED : LifecycleEventType.ATTENDEE_DROPPED);
        }
    }

    // ---- pushed from elsewhere (never blocking) ----

    /** The media instance holding this session's media (from its last SUBSCRIBE_ACK), or null. */
    public String mediaInstance() {
        return mediaInstance;
    }

    public void mediaInstance(String instanceId) {
        mediaInstance = instanceId;
    }

    /**
     * The meeting's media moved to another instance (the old one died or handed the partition over):
     * close with 4503, a code the client reconnects on after the start (client-behaviour.md §6); its
     * new JOIN and SUBSCRIBE reach the new owner.
     */
    public void mediaMoved() {
        if (!ended) {
            close(CLOSE_RETRY_LATER, "media moved; reconnect");
        }
    }

    public void sendRosterChanges(List<SdkAudioStreamIdInfo> changes) {
        if (rosterReady) {
            send(audioStreamIdInfo(changes));
        }
    }

    /** A newer session of this attendee exists: a second device gets 301, a reconnect silence. */
    void replacedByNewerSession(boolean sameDevice) {
        ended = true;
        if (!sameDevice) {
            send(audioStatus(STATUS_JOINED_FROM_ANOTHER_DEVICE));
        }
        close(1000, "replaced by a newer session");
    }

    /** DeleteAttendee (411) or meeting end (410): tell the client, which stops for good, then close. */
    public void removed(int audioStatus) {
        if (ended) {
            return;
        }
        ended = true;
        send(audioStatus(audioStatus));
        close(audioStatus == STATUS_MEETING_ENDED ? CLOSE_MEETING_ENDED : 1000,
                audioStatus == STATUS_MEETING_ENDED ? "meeting ended" : "attendee removed");
    }

    public void close(int code, String reason) {
        connection.close(new CloseReason(code, reason)).subscribe().with(ok -> { }, err -> { });
    }

    public void send(SdkSignalFrame frame) {
        sendEncoded(Frames.encode(frame));
    }

    /** A frame already encoded (one encoding for all the receivers of a fan-out). */
    public void sendEncoded(byte[] message) {
        if (connection.isOpen()) {
            connection.sendBinary(Buffer.buffer(message)).subscribe().with(ok -> { },
                    err -> LOG.debugf("session %s: send failed: %s", id, err.getMessage()));
        }
    }

    public void sendError(int status, String description) {
        send(Frames.frame(SdkSignalFrame.Type.NOTIFICATION)
                .setError(SdkErrorFrame.newBuilder().setStatus(status).setDescription(description)).build());
    }

    // ---- helpers ----

    private void writePresence(PresenceRecord.State state) {
        try {
            services.presence.write(presence(state));
        } catch (KafkaUnavailableException e) {
            LOG.warnf("session %s: presence %s not recorded: %s", id, state, e.getMessage());
        }
    }

    private PresenceRecord presence(PresenceRecord.State state) {
        return new PresenceRecord(meetingId(), admission.sessionAttendeeId(), admission.externalUserId(), id,
                audioSessionId, services.instance.value(), state, muted, System.currentTimeMillis());
    }

    private void publish(LifecycleEventType type) {
        try {
            services.lifecycle.publish(LifecycleEvent.connection(type, Instant.now(), meetingId(),
                    admission.mediaRegion(), admission.sessionAttendeeId(), admission.externalUserId()));
        } catch (KafkaUnavailableException e) {
            LOG.warnf("session %s: %s not published: %s", id, type.chimeName(), e.getMessage());
        }
    }

    private static SdkSignalFrame audioStreamIdInfo(List<SdkAudioStreamIdInfo> entries) {
        return Frames.frame(SdkSignalFrame.Type.AUDIO_STREAM_ID_INFO)
                .setAudioStreamIdInfo(SdkAudioStreamIdInfoFrame.newBuilder().addAllStreams(entries)).build();
    }

    static SdkSignalFrame audioStatus(int status) {
        return Frames.frame(SdkSignalFrame.Type.AUDIO_STATUS)
                .setAudioStatus(SdkAudioStatusFrame.newBuilder().setAudioStatus(status)).build();
    }
}

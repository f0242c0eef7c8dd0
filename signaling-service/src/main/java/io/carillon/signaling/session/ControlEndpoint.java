package io.carillon.signaling.session;

import io.carillon.events.lifecycle.LifecycleEvent;
import io.carillon.events.lifecycle.LifecycleEventType;
import io.carillon.platform.kafka.KafkaUnavailableException;
import io.carillon.signaling.protocol.Frames;
import io.carillon.signaling.token.Admission;
import io.carillon.signaling.token.TokenValidator;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.buffer.Buffer;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The meeting's SignalingUrl: {@code /control/{meetingId}}, subprotocols
 * {@code _aws_wt_session, <JoinToken>}. The token is checked for this meeting before a session
 * exists; a refused one still gets the socket (an HTTP refusal makes the client retry for two
 * minutes), then AUDIO_STATUS 403 and a close, which the client takes as final.
 */
@WebSocket(path = "/control/{meetingId}")
public class ControlEndpoint {

    static final String SESSION = "carillon.session";
    private static final String SUBPROTOCOL = "_aws_wt_session";
    private static final Logger LOG = Logger.getLogger(ControlEndpoint.class);

    @Inject
    TokenValidator tokens;
    @Inject
    SessionServices services;

    @OnOpen
    void open(WebSocketConnection connection) {
        String meetingId = connection.pathParam("meetingId");
        Optional<Admission> admission;
        try {
            admission = tokens.validate(meetingId, joinToken(connection));
        } catch (TokenValidator.Unavailable e) {
            LOG.warnf("cannot check a join token for meeting %s now: %s", meetingId, e.getMessage());
            connection.close(new CloseReason(SignalingSession.CLOSE_RETRY_LATER, "try again")).subscribe().with(ok -> { }, err -> { });
            return;
        }
        if (admission.isEmpty()) {
            connection.sendBinary(Buffer.buffer(Frames.encode(SignalingSession.audioStatus(SignalingSession.STATUS_AUTH_REJECTED))))
                    .chain(() -> connection.close(new CloseReason(4403, "authentication rejected")))
                    .subscribe().with(ok -> { }, err -> { });
            return;
        }
        SignalingSession session = new SignalingSession(connection, admission.get(), services);
        connection.userData().put(io.quarkus.websockets.next.UserData.TypedKey.forString(SESSION), session.id());
        services.sessions.add(session);
        publishAuthorized(admission.get());
    }

    @OnBinaryMessage
    void frame(WebSocketConnection connection, byte[] message) {
        SignalingSession session = session(connection);
        if (session == null) {
            return; // refused at open: closing
        }
        try {
            session.onFrame(Frames.decode(message));
        } catch (Frames.MalformedFrameException e) {
            // answered, not fatal: one bad frame from a client need not cost it the meeting
            session.sendError(400, e.getMessage());
        }
    }

    @OnClose
    void closed(WebSocketConnection connection) {
        SignalingSession session = session(connection);
        if (session != null) {
            session.onClosed();
        }
    }

    @OnError
    void error(WebSocketConnection connection, Throwable error) {
        LOG.warnf(error, "signaling connection %s failed; closing it", connection.id());
        connection.close(new CloseReason(SignalingSession.CLOSE_BAD_REQUEST, "bad request")).subscribe().with(ok -> { }, err -> { });
    }

    private SignalingSession session(WebSocketConnection connection) {
        String id = connection.userData().get(io.quarkus.websockets.next.UserData.TypedKey.forString(SESSION));
        return id == null ? null : services.sessions.byId(id);
    }

    /** The second subprotocol the client offers is its join token. */
    private static String joinToken(WebSocketConnection connection) {
        String offered = connection.handshakeRequest().header("Sec-WebSocket-Protocol");
        if (offered == null) {
            return "";
        }
        for (String protocol : offered.split(",")) {
            String candidate = protocol.trim();
            if (!candidate.isEmpty() && !candidate.equals(SUBPROTOCOL)) {
                return candidate;
            }
        }
        return "";
    }

    private void publishAuthorized(Admission admission) {
        try {
            services.lifecycle.publish(LifecycleEvent.attendee(LifecycleEventType.ATTENDEE_AUTHORIZED, Instant.now(),
                    admission.meetingId(), admission.mediaRegion(), admission.sessionAttendeeId(), admission.externalUserId()));
        } catch (KafkaUnavailableException e) {
            LOG.warnf("AttendeeAuthorized not published: %s", e.getMessage());
        }
    }
}

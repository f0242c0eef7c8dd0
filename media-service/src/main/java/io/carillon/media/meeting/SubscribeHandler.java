package io.carillon.media.meeting;

import com.google.protobuf.InvalidProtocolBufferException;
import io.carillon.events.media.MediaReply;
import io.carillon.events.media.MediaRequest;
import io.carillon.media.dtls.DtlsCertificate;
import io.carillon.media.dtls.DtlsServerSession;
import io.carillon.media.ice.IceCredentials;
import io.carillon.media.ice.IceLiteAgent;
import io.carillon.media.sdp.AnswerBuilder;
import io.carillon.media.sdp.SdpCompression;
import io.carillon.media.sdp.SdpException;
import io.carillon.media.sdp.SessionDescription;
import io.carillon.media.sdp.TransportParameters;
import io.carillon.media.session.MediaSession;
import io.carillon.media.session.SessionPlumbing;
import io.carillon.signaling.protocol.ChimeSignaling.SdkSubscribeAckFrame;
import io.carillon.signaling.protocol.ChimeSignaling.SdkSubscribeFrame;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * SUBSCRIBE → SUBSCRIBE_ACK on the meeting's loop: the first offer of a session creates its media
 * (ICE credentials, DTLS server, SSRC), later offers renegotiate on the same connection.
 * A bad offer is answered 400 (the client treats it as a bad request), never with a made-up answer.
 */
final class SubscribeHandler {

    private static final Logger LOG = Logger.getLogger(SubscribeHandler.class);
    static final int BAD_REQUEST = 400;
    static final int SERVER_ERROR = 500;

    private final SessionPlumbing plumbing;
    private final DtlsCertificate certificate;
    private final ExecutorService handshakes;
    private final List<String> candidates;
    private final boolean acceptRed;

    SubscribeHandler(SessionPlumbing plumbing, DtlsCertificate certificate, ExecutorService handshakes,
            List<String> candidates, boolean acceptRed) {
        this.plumbing = plumbing;
        this.certificate = certificate;
        this.handshakes = handshakes;
        this.candidates = candidates;
        this.acceptRed = acceptRed;
    }

    MediaReply subscribe(MediaMeeting meeting, MediaRequest request) {
        try {
            SdkSubscribeFrame subscribe = SdkSubscribeFrame.parseFrom(request.subscribeFrame());
            MediaSession session = meeting.session(request.sessionId());
            boolean compressed = subscribe.hasCompressedSdpOffer() && !subscribe.getCompressedSdpOffer().isEmpty();
            String offerText = compressed
                    ? SdpCompression.inflate(subscribe.getCompressedSdpOffer().toByteArray(), session == null ? null : session.lastOffer())
                    : subscribe.getSdpOffer();
            SessionDescription offer = SessionDescription.parse(offerText);
            if (session == null) {
                session = open(meeting, request, offer);
            } else {
                session.audioStreamId(request.audioStreamId());
            }
            String previousAnswer = session.lastAnswer();
            String answer = session.answer(offer, offerText, subscribe.getAudioMuted());
            SdkSubscribeAckFrame.Builder ack = SdkSubscribeAckFrame.newBuilder().setDuplex(subscribe.getDuplex());
            if (compressed) {
                ack.setCompressedSdpAnswer(com.google.protobuf.ByteString.copyFrom(SdpCompression.deflate(answer, previousAnswer)));
            } else {
                ack.setSdpAnswer(answer);
            }
            return new MediaReply(request.correlationId(), ack.build().toByteArray(), 0, null);
        } catch (InvalidProtocolBufferException e) {
            return new MediaReply(request.correlationId(), null, BAD_REQUEST, "unreadable SUBSCRIBE");
        } catch (SdpException e) {
            LOG.infof("meeting %s session %s: offer refused: %s", meeting.id(), request.sessionId(), e.getMessage());
            return new MediaReply(request.correlationId(), null, BAD_REQUEST, e.getMessage());
        } catch (RuntimeException e) {
            LOG.errorf(e, "meeting %s session %s: SUBSCRIBE failed", meeting.id(), request.sessionId());
            return new MediaReply(request.correlationId(), null, SERVER_ERROR, "media service error");
        }
    }

    private MediaSession open(MediaMeeting meeting, MediaRequest request, SessionDescription offer) {
        String remoteUfrag = offer.attribute("ice-ufrag").orElseThrow(() -> new SdpException("offer has no a=ice-ufrag"));
        String remotePwd = offer.attribute("ice-pwd").orElseThrow(() -> new SdpException("offer has no a=ice-pwd"));
        String fingerprint = offer.attribute("fingerprint").orElseThrow(() -> new SdpException("offer has no a=fingerprint"));
        IceCredentials local = IceCredentials.generate();
        IceLiteAgent ice = new IceLiteAgent(local, remoteUfrag, remotePwd);
        int ssrc = ThreadLocalRandom.current().nextInt();
        AnswerBuilder answers = new AnswerBuilder(
                new TransportParameters(local.ufrag(), local.pwd(), certificate.sha256Fingerprint(), candidates),
                ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE), ssrc & 0xffffffffL, acceptRed);
        MediaSession session = new MediaSession(meeting, plumbing, request.sessionId(), request.attendeeId(),
                request.audioStreamId(), ice,
                (sender, listener) -> new DtlsServerSession(certificate, fingerprint, sender, handshakes, listener),
                answers, ssrc);
        meeting.add(session);
        plumbing.directory().registerUfrag(local.ufrag(), session);
        return session;
    }
}

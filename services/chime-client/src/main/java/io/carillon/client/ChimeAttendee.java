package io.carillon.client;

import io.carillon.client.media.Answer;
import io.carillon.client.media.ClientMedia;
import io.carillon.client.media.MediaLoop;
import io.carillon.client.signaling.SignalingChannel;
import io.carillon.signaling.protocol.ChimeSignaling.SdkAudioControlFrame;
import io.carillon.signaling.protocol.ChimeSignaling.SdkLeaveFrame;
import io.carillon.signaling.protocol.ChimeSignaling.SdkSignalFrame;
import io.carillon.signaling.protocol.ChimeSignaling.SdkStreamDescriptor;
import io.carillon.signaling.protocol.ChimeSignaling.SdkStreamMediaType;
import io.carillon.signaling.protocol.ChimeSignaling.SdkStreamServiceType;
import io.carillon.signaling.protocol.ChimeSignaling.SdkSubscribeAckFrame;
import io.carillon.signaling.protocol.ChimeSignaling.SdkSubscribeFrame;
import io.carillon.signaling.protocol.Frames;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One attendee joining like amazon-chime-sdk-js: signaling (JOIN, then JOIN_ACK and INDEX),
 * SUBSCRIBE with the offer, SUBSCRIBE_ACK with the answer, then media on the given loop.
 */
public final class ChimeAttendee implements AutoCloseable {

    private final String attendeeId;
    private final SignalingChannel signaling;
    private final ClientMedia media;
    private final MediaLoop loop;

    private ChimeAttendee(String attendeeId, SignalingChannel signaling, ClientMedia media, MediaLoop loop) {
        this.attendeeId = attendeeId;
        this.signaling = signaling;
        this.media = media;
        this.loop = loop;
    }

    /**
     * Joins and subscribes; returns once the SUBSCRIBE_ACK is in (media then connects on the loop).
     *
     * @throws IllegalStateException when the server refuses (its status and description in the message)
     */
    public static ChimeAttendee join(String signalingUrl, String audioHostUrl, String attendeeId, String joinToken,
            ClientMedia media, MediaLoop loop, Executor handshakes, Duration timeout) {
        SignalingChannel signaling = SignalingChannel.open(signalingUrl, joinToken);
        try {
            signaling.join(ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE));
            signaling.await(SdkSignalFrame.Type.JOIN_ACK, timeout);
            signaling.await(SdkSignalFrame.Type.INDEX, timeout);
            signaling.send(Frames.frame(SdkSignalFrame.Type.SUBSCRIBE).setSub(SdkSubscribeFrame.newBuilder()
                    .setDuplex(SdkStreamServiceType.RX)
                    .addSendStreams(SdkStreamDescriptor.newBuilder().setMediaType(SdkStreamMediaType.AUDIO)
                            .setTrackLabel("AmazonChimeExpressAudio").setStreamId(1).setGroupId(1).setFramerate(15)
                            .setMaxBitrateKbps(600).setAvgBitrateBps(400000).setAttendeeId(attendeeId))
                    .setSdpOffer(media.offer(false))
                    .setAudioHost(audioHostUrl)
                    .setAudioCheckin(false)
                    .setAudioMuted(false)).build());
            SdkSignalFrame ack = signaling.await(SdkSignalFrame.Type.SUBSCRIBE_ACK, timeout);
            if (ack.hasError() && ack.getError().getStatus() != 0) {
                throw new IllegalStateException("SUBSCRIBE refused: " + ack.getError().getStatus() + " "
                        + ack.getError().getDescription());
            }
            SdkSubscribeAckFrame suback = ack.getSuback();
            media.connect(Answer.read(suback.getSdpAnswer()), handshakes);
            loop.add(media);
            return new ChimeAttendee(attendeeId, signaling, media, loop);
        } catch (RuntimeException e) {
            signaling.close();
            throw e;
        }
    }

    /** AUDIO_CONTROL as the client sends it; the media keeps flowing (silence), as a browser's does. */
    public void mute(boolean muted) {
        media.mute(muted);
        signaling.send(Frames.frame(SdkSignalFrame.Type.AUDIO_CONTROL)
                .setAudioControl(SdkAudioControlFrame.newBuilder().setMuted(muted)).build());
    }

    public String attendeeId() {
        return attendeeId;
    }

    public SignalingChannel signaling() {
        return signaling;
    }

    public ClientMedia media() {
        return media;
    }

    /** LEAVE, then close. */
    @Override
    public void close() {
        try {
            if (!signaling.closed()) {
                signaling.send(Frames.frame(SdkSignalFrame.Type.LEAVE).setLeave(SdkLeaveFrame.getDefaultInstance()).build());
            }
        } catch (RuntimeException e) {
            // already gone
        }
        loop.remove(media);
        media.close();
        signaling.close();
    }
}

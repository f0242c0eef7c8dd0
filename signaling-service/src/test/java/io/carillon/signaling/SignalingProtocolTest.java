package io.carillon.signaling;

import static io.carillon.signaling.support.ControlPlane.newAttendee;
import static io.carillon.signaling.support.ControlPlane.newMeeting;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.carillon.signaling.protocol.ChimeSignaling.SdkAudioControlFrame;
import io.carillon.signaling.protocol.ChimeSignaling.SdkAudioStreamIdInfo;
import io.carillon.signaling.protocol.ChimeSignaling.SdkDataMessageFrame;
import io.carillon.signaling.protocol.ChimeSignaling.SdkDataMessagePayload;
import io.carillon.signaling.protocol.ChimeSignaling.SdkPingPongFrame;
import io.carillon.signaling.protocol.ChimeSignaling.SdkPingPongType;
import io.carillon.signaling.protocol.ChimeSignaling.SdkServerSideNetworkAdaption;
import io.carillon.signaling.protocol.ChimeSignaling.SdkSignalFrame;
import io.carillon.signaling.protocol.ChimeSignaling.SdkSubscribeFrame;
import io.carillon.signaling.protocol.Frames;
import io.carillon.signaling.support.ControlPlane;
import io.carillon.signaling.support.SignalingClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.chimesdkmeetings.ChimeSdkMeetingsClient;
import software.amazon.awssdk.services.chimesdkmeetings.model.Attendee;
import software.amazon.awssdk.services.chimesdkmeetings.model.Meeting;

/** The Chime signaling protocol, spoken by a Java client, against the real control plane. */
@QuarkusTest
@TestProfile(ControlPlane.class)
class SignalingProtocolTest {

    private ChimeSdkMeetingsClient chime;
    private Meeting meeting;

    @BeforeEach
    void meeting() {
        chime = ControlPlane.chime();
        meeting = newMeeting(chime);
    }

    @AfterEach
    void close() {
        chime.close();
    }

    private SignalingClient joined(Attendee attendee, long audioSessionId) {
        SignalingClient client = SignalingClient.connect(meeting.meetingId(), attendee.joinToken());
        client.join(audioSessionId);
        client.await(SdkSignalFrame.Type.INDEX);
        return client;
    }

    @Test
    void join_is_answered_with_join_ack_then_index_then_the_roster_including_oneself() {
        Attendee alice = newAttendee(chime, meeting, "alice");
        try (SignalingClient client = SignalingClient.connect(meeting.meetingId(), alice.joinToken())) {
            assertThat(client.subprotocol()).isEqualTo("_aws_wt_session");
            client.join(42);
            SdkSignalFrame ack = client.await(SdkSignalFrame.Type.JOIN_ACK);
            assertThat(ack.getJoinack().getVideoSubscriptionLimit()).isEqualTo(25);
            assertThat(ack.getJoinack().hasTurnCredentials()).isFalse();
            assertThat(ack.getJoinack().getDefaultServerSideNetworkAdaption()).isEqualTo(SdkServerSideNetworkAdaption.NONE);
            SdkSignalFrame index = client.await(SdkSignalFrame.Type.INDEX);
            assertThat(index.getIndex().getNumParticipants()).isEqualTo(1);
            SdkSignalFrame roster = client.await(SdkSignalFrame.Type.AUDIO_STREAM_ID_INFO);
            SdkAudioStreamIdInfo self = roster.getAudioStreamIdInfo().getStreams(0);
            assertThat(self.getAttendeeId()).isEqualTo(alice.attendeeId());
            assertThat(self.getExternalUserId()).isEqualTo("alice");
            assertThat(self.hasMuted()).isTrue();
            assertThat(self.getAudioStreamId()).isPositive();
            assertThat(client.seen().stream().map(SdkSignalFrame::getType).toList())
                    .containsSubsequence(SdkSignalFrame.Type.JOIN_ACK, SdkSignalFrame.Type.INDEX);
        }
    }

    @Test
    void ping_is_answered_with_a_pong_of_the_same_id() {
        Attendee alice = newAttendee(chime, meeting, "alice");
        try (SignalingClient client = SignalingClient.connect(meeting.meetingId(), alice.joinToken())) {
            client.send(Frames.frame(SdkSignalFrame.Type.PING_PONG)
                    .setPingPong(SdkPingPongFrame.newBuilder().setType(SdkPingPongType.PING).setPingId(1234)).build());
            SdkSignalFrame pong = client.await(SdkSignalFrame.Type.PING_PONG);
            assertThat(pong.getPingPong().getType()).isEqualTo(SdkPingPongType.PONG);
            assertThat(pong.getPingPong().getPingId()).isEqualTo(1234);
            assertThat(pong.getTimestampMs()).isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(10_000L));
        }
    }

    @Test
    void others_see_a_join_a_mute_a_leave_and_a_drop() {
        Attendee alice = newAttendee(chime, meeting, "alice");
        Attendee bob = newAttendee(chime, meeting, "bob");
        Attendee carol = newAttendee(chime, meeting, "carol");
        try (SignalingClient a = joined(alice, 1); SignalingClient b = joined(bob, 2)) {
            SdkAudioStreamIdInfo bobJoined = streamEntry(a, e -> bob.attendeeId().equals(e.getAttendeeId()));
            assertThat(bobJoined.getExternalUserId()).isEqualTo("bob");

            b.send(Frames.frame(SdkSignalFrame.Type.AUDIO_CONTROL).setAudioControl(SdkAudioControlFrame.newBuilder().setMuted(true)).build());
            SdkAudioStreamIdInfo muted = streamEntry(a, e -> e.getAudioStreamId() == bobJoined.getAudioStreamId() && e.hasMuted());
            assertThat(muted.getMuted()).isTrue();
            assertThat(muted.hasAttendeeId()).as("a mute update must not re-announce presence").isFalse();

            b.send(Frames.frame(SdkSignalFrame.Type.LEAVE).build());
            b.await(SdkSignalFrame.Type.LEAVE_ACK);
            SdkAudioStreamIdInfo left = streamEntry(a, e -> e.getAudioStreamId() == bobJoined.getAudioStreamId() && !e.hasMuted());
            assertThat(left.hasAttendeeId()).isFalse();
            assertThat(left.getDropped()).isFalse();

            SignalingClient c = joined(carol, 3);
            SdkAudioStreamIdInfo carolJoined = streamEntry(a, e -> carol.attendeeId().equals(e.getAttendeeId()));
            c.abort();
            SdkAudioStreamIdInfo dropped = streamEntry(a, e -> e.getAudioStreamId() == carolJoined.getAudioStreamId() && !e.hasAttendeeId());
            assertThat(dropped.getDropped()).isTrue();
        }
    }

    @Test
    void a_rejoin_gets_a_higher_audio_stream_id() {
        Attendee alice = newAttendee(chime, meeting, "alice");
        int first;
        try (SignalingClient client = joined(alice, 7)) {
            first = streamEntry(client, e -> alice.attendeeId().equals(e.getAttendeeId())).getAudioStreamId();
        }
        try (SignalingClient again = joined(alice, 7)) {
            assertThat(streamEntry(again, e -> alice.attendeeId().equals(e.getAttendeeId())).getAudioStreamId())
                    .isGreaterThan(first);
        }
    }

    @Test
    void a_token_of_another_meeting_garbage_or_of_a_deleted_attendee_is_refused_with_403() {
        Meeting other = newMeeting(chime);
        Attendee stranger = newAttendee(chime, other, "stranger");
        assertRefused(stranger.joinToken());
        assertRefused("not-a-token");
        Attendee gone = newAttendee(chime, meeting, "gone");
        chime.deleteAttendee(r -> r.meetingId(meeting.meetingId()).attendeeId(gone.attendeeId()));
        assertRefused(gone.joinToken());
    }

    private void assertRefused(String token) {
        try (SignalingClient client = SignalingClient.connect(meeting.meetingId(), token)) {
            SdkSignalFrame status = client.await(SdkSignalFrame.Type.AUDIO_STATUS);
            assertThat(status.getAudioStatus().getAudioStatus()).isEqualTo(403);
            assertThat(client.awaitClose()).isEqualTo(4403);
        }
    }

    @Test
    void data_messages_reach_everyone_else_stamped_by_the_server_but_not_the_sender() {
        Attendee alice = newAttendee(chime, meeting, "alice");
        Attendee bob = newAttendee(chime, meeting, "bob");
        try (SignalingClient a = joined(alice, 1); SignalingClient b = joined(bob, 2)) {
            a.send(data("chat", "hello bob", 0, "forged-sender"));
            SdkDataMessagePayload received = b.await(SdkSignalFrame.Type.DATA_MESSAGE).getDataMessage().getMessages(0);
            assertThat(received.getData().toStringUtf8()).isEqualTo("hello bob");
            assertThat(received.getTopic()).isEqualTo("chat");
            assertThat(received.getSenderAttendeeId()).isEqualTo(alice.attendeeId());
            assertThat(received.getSenderExternalUserId()).isEqualTo("alice");
            assertThat(received.getIngestTimeNs()).isPositive();
            assertThat(a.drain(Duration.ofMillis(500))).noneMatch(f -> f.getType() == SdkSignalFrame.Type.DATA_MESSAGE);
        }
    }

    @Test
    void a_message_with_a_lifetime_reaches_an_attendee_who_joins_within_it() {
        Attendee alice = newAttendee(chime, meeting, "alice");
        Attendee late = newAttendee(chime, meeting, "late");
        try (SignalingClient a = joined(alice, 1)) {
            a.send(data("news", "kept for you", 60_000, null));
            a.send(data("news", "not kept", 0, null));
            a.drain(Duration.ofMillis(500));
            try (SignalingClient l = joined(late, 2)) {
                List<String> texts = l.drain(Duration.ofSeconds(1)).stream()
                        .filter(f -> f.getType() == SdkSignalFrame.Type.DATA_MESSAGE)
                        .map(f -> f.getDataMessage().getMessages(0).getData().toStringUtf8()).toList();
                assertThat(texts).containsExactly("kept for you");
            }
        }
    }

    @Test
    void oversized_or_badly_named_data_messages_are_refused_with_an_error() {
        Attendee alice = newAttendee(chime, meeting, "alice");
        Attendee bob = newAttendee(chime, meeting, "bob");
        try (SignalingClient a = joined(alice, 1); SignalingClient b = joined(bob, 2)) {
            a.send(data("chat", "x".repeat(2049), 0, null));
            assertThat(a.await(f -> f.hasError(), "an error").getError().getDescription()).contains("2048");
            a.send(data("bad topic!", "x", 0, null));
            assertThat(a.await(f -> f.hasError(), "an error").getError().getDescription()).contains("topic");
            assertThat(b.drain(Duration.ofMillis(500))).noneMatch(f -> f.getType() == SdkSignalFrame.Type.DATA_MESSAGE);
        }
    }

    @Test
    void messages_past_the_rate_limit_bounce_to_the_sender_as_throttled() {
        Attendee alice = newAttendee(chime, meeting, "alice");
        try (SignalingClient a = joined(alice, 1)) {
            for (int i = 0; i < 60; i++) {
                a.send(data("burst", "m" + i, 0, null));
            }
            List<SdkDataMessagePayload> bounced = a.drain(Duration.ofSeconds(2)).stream()
                    .filter(f -> f.getType() == SdkSignalFrame.Type.DATA_MESSAGE)
                    .map(f -> f.getDataMessage().getMessages(0)).toList();
            assertThat(bounced).isNotEmpty().allMatch(m -> m.getIngestTimeNs() == 0);
        }
    }

    @Test
    void delete_attendee_tells_the_session_411_and_delete_meeting_tells_everyone_410() {
        Attendee alice = newAttendee(chime, meeting, "alice");
        Attendee bob = newAttendee(chime, meeting, "bob");
        try (SignalingClient a = joined(alice, 1); SignalingClient b = joined(bob, 2)) {
            chime.deleteAttendee(r -> r.meetingId(meeting.meetingId()).attendeeId(bob.attendeeId()));
            assertThat(b.await(SdkSignalFrame.Type.AUDIO_STATUS).getAudioStatus().getAudioStatus()).isEqualTo(411);
            b.awaitClose();

            chime.deleteMeeting(r -> r.meetingId(meeting.meetingId()));
            assertThat(a.await(SdkSignalFrame.Type.AUDIO_STATUS).getAudioStatus().getAudioStatus()).isEqualTo(410);
            assertThat(a.awaitClose()).isEqualTo(4410);
        }
    }

    @Test
    void a_second_device_replaces_the_first_which_gets_301() {
        Attendee alice = newAttendee(chime, meeting, "alice");
        try (SignalingClient first = joined(alice, 100); SignalingClient second = joined(alice, 200)) {
            assertThat(first.await(SdkSignalFrame.Type.AUDIO_STATUS).getAudioStatus().getAudioStatus()).isEqualTo(301);
            first.awaitClose();
            assertThat(second.closed()).isFalse();
        }
    }

    @Test
    void subscribe_without_a_media_service_ends_in_a_clean_503_not_a_made_up_answer() {
        Attendee alice = newAttendee(chime, meeting, "alice");
        try (SignalingClient a = joined(alice, 1)) {
            a.send(Frames.frame(SdkSignalFrame.Type.SUBSCRIBE).setSub(SdkSubscribeFrame.newBuilder()
                    .setSdpOffer("v=0\r\n").setAudioHost("127.0.0.1:3478")).build());
            SdkSignalFrame ack = a.await(SdkSignalFrame.Type.SUBSCRIBE_ACK);
            assertThat(ack.hasSuback()).isTrue();
            assertThat(ack.getSuback().hasSdpAnswer()).isFalse();
            assertThat(ack.getError().getStatus()).isEqualTo(503);
        }
    }

    @Test
    void a_subscribe_waiting_for_media_does_not_hold_up_pings() {
        Attendee alice = newAttendee(chime, meeting, "alice");
        try (SignalingClient a = joined(alice, 1)) {
            a.send(Frames.frame(SdkSignalFrame.Type.SUBSCRIBE).setSub(SdkSubscribeFrame.newBuilder()
                    .setSdpOffer("v=0\r\n").setAudioHost("127.0.0.1:3478")).build());
            a.send(Frames.frame(SdkSignalFrame.Type.PING_PONG)
                    .setPingPong(SdkPingPongFrame.newBuilder().setType(SdkPingPongType.PING).setPingId(77)).build());
            a.await(f -> f.getType() == SdkSignalFrame.Type.PING_PONG && f.getPingPong().getPingId() == 77, "PONG 77");
            assertThat(a.seen()).as("the PONG came while the SUBSCRIBE was still waiting")
                    .noneMatch(f -> f.getType() == SdkSignalFrame.Type.SUBSCRIBE_ACK);
            a.await(SdkSignalFrame.Type.SUBSCRIBE_ACK);
        }
    }

    private static SdkSignalFrame data(String topic, String text, int lifetimeMs, String forgedSender) {
        SdkDataMessagePayload.Builder payload = SdkDataMessagePayload.newBuilder().setTopic(topic)
                .setData(ByteString.copyFromUtf8(text)).setLifetimeMs(lifetimeMs);
        if (forgedSender != null) {
            payload.setSenderAttendeeId(forgedSender);
        }
        return Frames.frame(SdkSignalFrame.Type.DATA_MESSAGE)
                .setDataMessage(SdkDataMessageFrame.newBuilder().addMessages(payload)).build();
    }

    private static SdkAudioStreamIdInfo streamEntry(SignalingClient client,
            java.util.function.Predicate<SdkAudioStreamIdInfo> wanted) {
        SdkSignalFrame frame = client.await(f -> f.getType() == SdkSignalFrame.Type.AUDIO_STREAM_ID_INFO
                && f.getAudioStreamIdInfo().getStreamsList().stream().anyMatch(wanted), "an AUDIO_STREAM_ID_INFO entry");
        return frame.getAudioStreamIdInfo().getStreamsList().stream().filter(wanted).findFirst().orElseThrow();
    }
}

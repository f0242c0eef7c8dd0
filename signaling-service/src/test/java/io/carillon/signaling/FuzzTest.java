package io.carillon.signaling;

import static io.carillon.signaling.support.ControlPlane.newAttendee;
import static io.carillon.signaling.support.ControlPlane.newMeeting;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.carillon.signaling.protocol.ChimeSignaling.SdkPingPongFrame;
import io.carillon.signaling.protocol.ChimeSignaling.SdkPingPongType;
import io.carillon.signaling.protocol.ChimeSignaling.SdkSignalFrame;
import io.carillon.signaling.protocol.Frames;
import io.carillon.signaling.support.ControlPlane;
import io.carillon.signaling.support.SignalingClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.chimesdkmeetings.ChimeSdkMeetingsClient;
import software.amazon.awssdk.services.chimesdkmeetings.model.Meeting;

/**
 * 100,000 malformed frames from misbehaving sessions: random bytes, unknown type bytes, truncated
 * and field-less frames, oversized messages. Each gets an error frame or a clear close; the service
 * stays up and a well-behaved attendee of the same meeting notices nothing.
 */
@QuarkusTest
@TestProfile(ControlPlane.class)
class FuzzTest {

    private static final int FRAMES = 100_000;
    private static final int ATTACKERS = 10;

    @Test
    void malformed_frames_never_disturb_the_service_or_other_sessions() {
        Random random = new Random(20261125);
        try (ChimeSdkMeetingsClient chime = ControlPlane.chime()) {
            Meeting meeting = newMeeting(chime);
            SignalingClient bystander = SignalingClient.connect(meeting.meetingId(), newAttendee(chime, meeting, "bystander").joinToken());
            bystander.join(1);
            bystander.await(SdkSignalFrame.Type.INDEX);
            List<SignalingClient> attackers = new ArrayList<>();
            for (int i = 0; i < ATTACKERS; i++) {
                SignalingClient attacker = SignalingClient.connect(meeting.meetingId(), newAttendee(chime, meeting, "attacker-" + i).joinToken());
                attacker.join(100 + i);
                attacker.await(SdkSignalFrame.Type.INDEX);
                attackers.add(attacker);
            }
            byte[] valid = Frames.encode(Frames.frame(SdkSignalFrame.Type.JOIN).build());
            int sent = 0;
            for (int i = 0; i < FRAMES; i++) {
                SignalingClient attacker = attackers.get(i % ATTACKERS);
                if (attacker.closed()) {
                    continue;
                }
                try {
                    attacker.sendRaw(malformed(random, valid, i));
                    sent++;
                } catch (RuntimeException closedMeanwhile) {
                    // the server may close an attacker; the rest go on
                }
                if (i % 10_000 == 0) {
                    assertPingAnswered(bystander, i);
                }
            }
            assertThat(sent).as("malformed frames delivered").isGreaterThanOrEqualTo(FRAMES * 9 / 10);
            assertPingAnswered(bystander, 4242);
            given().when().get("/q/health/live").then().statusCode(200);
            for (SignalingClient attacker : attackers) {
                // bad frames get 400; a bit flip that happens to make a SUBSCRIBE gets the media 503
                assertThat(attacker.drain(java.time.Duration.ofMillis(10))).filteredOn(SdkSignalFrame::hasError)
                        .allMatch(f -> (f.getError().getStatus() == 400 || f.getError().getStatus() == 503)
                                && !f.getError().getDescription().isEmpty());
                attacker.close();
            }
            bystander.close();
        }
    }

    private static void assertPingAnswered(SignalingClient client, int id) {
        client.send(Frames.frame(SdkSignalFrame.Type.PING_PONG)
                .setPingPong(SdkPingPongFrame.newBuilder().setType(SdkPingPongType.PING).setPingId(id)).build());
        SdkSignalFrame pong = client.await(f -> f.getType() == SdkSignalFrame.Type.PING_PONG
                && f.getPingPong().getPingId() == id, "PONG " + id);
        assertThat(pong.getPingPong().getType()).isEqualTo(SdkPingPongType.PONG);
    }

    /** Kinds of bad input, in turn: random bytes, bad type byte, truncation, no fields, bit flips, oversize. */
    private static byte[] malformed(Random random, byte[] valid, int i) {
        switch (i % 6) {
            case 0 -> {
                byte[] noise = new byte[1 + random.nextInt(200)];
                random.nextBytes(noise);
                noise[0] = 0x05;
                return noise;
            }
            case 1 -> {
                byte[] wrongType = valid.clone();
                wrongType[0] = (byte) (0x06 + random.nextInt(100));
                return wrongType;
            }
            case 2 -> {
                return java.util.Arrays.copyOf(valid, 1 + random.nextInt(valid.length - 1));
            }
            case 3 -> {
                return new byte[] {0x05};
            }
            case 4 -> {
                byte[] flipped = valid.clone();
                flipped[1 + random.nextInt(flipped.length - 1)] ^= (byte) (1 << random.nextInt(8));
                return flipped;
            }
            default -> {
                if (i > FRAMES - 100) {
                    byte[] huge = new byte[70_000]; // past the 64 KiB message limit: the server closes
                    huge[0] = 0x05;
                    return huge;
                }
                return new byte[0];
            }
        }
    }
}

package io.carillon.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.carillon.client.ChimeAttendee;
import io.carillon.client.audio.Silence;
import io.carillon.client.audio.ToneSource;
import io.carillon.media.support.JavaAttendees;
import io.carillon.media.support.Platform;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.chimesdkmeetings.model.Meeting;

/**
 * The real path (meeting-service, token-service, signaling, Kafka, media-service) with Java clients
 * that behave like the browser on the wire: A sends 440 Hz, B 1 kHz, C is silent. Each hears the
 * others and never itself; muting A takes 440 Hz out of B's audio.
 */
class AudioMixIT {

    static final double A_HZ = 440;
    static final double B_HZ = 1000;

    private static Platform platform;

    @BeforeAll
    static void start() {
        platform = Platform.shared();
    }

    @Test
    void each_attendee_hears_the_others_and_not_itself_and_mute_is_enforced_by_the_server() {
        Meeting meeting = platform.createMeeting("mix-test");
        try (JavaAttendees clients = new JavaAttendees()) {
            ChimeAttendee a = clients.join(meeting, platform.createAttendee(meeting, "attendee-a"), new ToneSource(A_HZ, 0.3), true);
            ChimeAttendee b = clients.join(meeting, platform.createAttendee(meeting, "attendee-b"), new ToneSource(B_HZ, 0.3), true);
            ChimeAttendee c = clients.join(meeting, platform.createAttendee(meeting, "attendee-c"), new Silence(), true);

            await().atMost(Duration.ofSeconds(15)).until(() -> a.media().connected() && b.media().connected() && c.media().connected());
            await().atMost(Duration.ofSeconds(10)).until(() -> c.media().receiver().frames() > 100);

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(magnitude(a, B_HZ)).as("A hears B").isGreaterThan(0.05);
                assertThat(magnitude(a, A_HZ)).as("A does not hear itself").isLessThan(0.01);
                assertThat(magnitude(b, A_HZ)).as("B hears A").isGreaterThan(0.05);
                assertThat(magnitude(b, B_HZ)).as("B does not hear itself").isLessThan(0.01);
                assertThat(magnitude(c, A_HZ)).as("C hears A").isGreaterThan(0.05);
                assertThat(magnitude(c, B_HZ)).as("C hears B").isGreaterThan(0.05);
            });

            // mute as the server learns it (AUDIO_CONTROL), while A keeps sending its tone as a misbehaving client would
            a.signaling().send(io.carillon.signaling.protocol.Frames.frame(
                    io.carillon.signaling.protocol.ChimeSignaling.SdkSignalFrame.Type.AUDIO_CONTROL)
                    .setAudioControl(io.carillon.signaling.protocol.ChimeSignaling.SdkAudioControlFrame.newBuilder().setMuted(true))
                    .build());
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(magnitude(b, A_HZ)).as("B no longer hears the muted A").isLessThan(0.01);
                assertThat(magnitude(c, A_HZ)).as("C no longer hears the muted A").isLessThan(0.01);
                assertThat(magnitude(c, B_HZ)).as("C still hears B").isGreaterThan(0.05);
            });

            long before = c.media().received();
            sleep(2000);
            long perSecond = (c.media().received() - before) / 2;
            assertThat(perSecond).as("50 packets per second, silence included").isBetween(45L, 55L);
        }
    }

    private static double magnitude(ChimeAttendee attendee, double hertz) {
        return attendee.media().receiver().toneMagnitude(hertz);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

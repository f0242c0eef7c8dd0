package io.carillon.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.carillon.client.ChimeAttendee;
import io.carillon.client.audio.ToneSource;
import io.carillon.media.support.JavaAttendees;
import io.carillon.media.support.Platform;
import io.carillon.testkit.KafkaBroker;
import io.carillon.testkit.ServiceProcess;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.chimesdkmeetings.model.Attendee;
import software.amazon.awssdk.services.chimesdkmeetings.model.Meeting;

/**
 * Two media instances of a region share the meetings (one consumer group). The owner of a meeting
 * is killed (SIGKILL) mid-meeting: the survivor takes its partitions, signaling tells the affected
 * clients to reconnect (close 4503, which the Chime client reconnects on), and their new JOIN and
 * SUBSCRIBE land on the survivor, where they hear each other again.
 */
class MediaFailoverIT {

    @Test
    void when_the_meetings_media_instance_dies_its_clients_reconnect_to_the_survivor_and_hear_each_other() throws Exception {
        KafkaBroker broker = KafkaBroker.fresh();
        try (Platform platform = Platform.start(broker, 2); JavaAttendees clients = new JavaAttendees()) {
            List<ServiceProcess> medias = platform.medias();
            await().atMost(Duration.ofSeconds(30)).until(() -> medias.stream().allMatch(MediaFailoverIT::ownsPartitions));

            Meeting meeting = platform.createMeeting("failover-test");
            Attendee a = platform.createAttendee(meeting, "attendee-a");
            Attendee b = platform.createAttendee(meeting, "attendee-b");
            ChimeAttendee first = clients.join(meeting, a, new ToneSource(440, 0.3), true);
            ChimeAttendee second = clients.join(meeting, b, new ToneSource(1000, 0.3), true);
            await().atMost(Duration.ofSeconds(15)).until(() -> first.media().connected() && second.media().connected());
            await().atMost(Duration.ofSeconds(10)).until(() -> second.media().receiver().toneMagnitude(440) > 0.05);

            int ownerPort = first.media().serverAddress().getPort();
            ServiceProcess owner = medias.stream().filter(m -> Platform.udpPort(m) == ownerPort).findFirst().orElseThrow();
            ServiceProcess survivor = medias.stream().filter(m -> m != owner).findFirst().orElseThrow();

            long killed = System.nanoTime();
            owner.kill();
            await().atMost(Duration.ofSeconds(45)).until(() -> first.signaling().closed() && second.signaling().closed());
            long toldMillis = (System.nanoTime() - killed) / 1_000_000;
            assertThat(first.signaling().closeCode()).as("a close the Chime client reconnects on").isEqualTo(4503);
            assertThat(second.signaling().closeCode()).isEqualTo(4503);

            // what amazon-chime-sdk-js does on 4503: a new WebSocket, JOIN, a new peer connection and SUBSCRIBE
            ChimeAttendee firstAgain = clients.join(meeting, a, new ToneSource(440, 0.3), true);
            ChimeAttendee secondAgain = clients.join(meeting, b, new ToneSource(1000, 0.3), true);
            assertThat(firstAgain.media().serverAddress().getPort()).isEqualTo(Platform.udpPort(survivor));
            await().atMost(Duration.ofSeconds(15)).until(() -> firstAgain.media().connected() && secondAgain.media().connected());
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(secondAgain.media().receiver().toneMagnitude(440)).as("b hears a again").isGreaterThan(0.05);
                assertThat(firstAgain.media().receiver().toneMagnitude(1000)).as("a hears b again").isGreaterThan(0.05);
            });
            System.out.printf("[failover] owner killed; clients told to reconnect after %d ms; audio again after %d ms%n",
                    toldMillis, (System.nanoTime() - killed) / 1_000_000);
        } finally {
            broker.stop();
        }
    }

    private static boolean ownsPartitions(ServiceProcess media) {
        try {
            return Files.readString(media.logFile()).contains("now owns partitions");
        } catch (java.io.IOException e) {
            return false;
        }
    }
}

package io.carillon.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.carillon.client.ChimeAttendee;
import io.carillon.client.audio.Silence;
import io.carillon.client.audio.ToneSource;
import io.carillon.media.support.JavaAttendees;
import io.carillon.media.support.Platform;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.chimesdkmeetings.model.Meeting;

/**
 * What an operator sees of a live meeting: GET /media/meetings lists it with its sessions, packets and how its
 * clients' audio arrives, and /q/metrics carries the instance's reception counters and jitter.
 */
class MeetingStatsIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void a_live_meeting_shows_its_sessions_packets_and_reception() throws Exception {
        Platform platform = Platform.shared();
        Meeting meeting = platform.createMeeting("stats-test");
        try (JavaAttendees clients = new JavaAttendees()) {
            ChimeAttendee a = clients.join(meeting, platform.createAttendee(meeting, "stats-a"), new ToneSource(440, 0.3), true);
            ChimeAttendee b = clients.join(meeting, platform.createAttendee(meeting, "stats-b"), new Silence(), true);
            await().atMost(Duration.ofSeconds(15)).until(() -> a.media().connected() && b.media().connected());

            String media = platform.media().url();
            // reception is counted with each session's once-a-second RTCP report
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                JsonObject stats = meetingIn(get(media + "/media/meetings"), meeting.meetingId());
                assertThat(stats).as("meeting %s in /media/meetings", meeting.meetingId()).isNotNull();
                assertThat(stats.getInteger("sessions")).isEqualTo(2);
                assertThat(stats.getInteger("connectedSessions")).isEqualTo(2);
                assertThat(stats.getLong("packetsIn")).isGreaterThan(100);
                assertThat(stats.getLong("packetsOut")).isGreaterThan(100);
                assertThat(stats.getLong("audioExpected")).isGreaterThan(100);
                assertThat(stats.getLong("audioLost")).isBetween(0L, stats.getLong("audioExpected") / 20);
                assertThat(stats.getDouble("jitterMillisMax")).isBetween(0.0, 100.0);
                assertThat(stats.getLong("framesConcealed")).isNotNegative();
            });

            String metrics = get(media + "/q/metrics");
            assertThat(value(metrics, "carillon_media_audio_packets_expected_total")).isGreaterThan(0);
            assertThat(value(metrics, "carillon_media_audio_packets_lost_total")).isNotNegative();
            assertThat(value(metrics, "carillon_media_audio_jitter_milliseconds_count")).isGreaterThan(0);
            // the mixer's repairs: what the jitter buffers' delay policy costs, published from the start
            assertThat(metrics).contains("carillon_media_audio_frames_concealed_total", "carillon_media_audio_frames_fec_total");
        }
    }

    private static JsonObject meetingIn(String body, String meetingId) {
        JsonArray meetings = new JsonArray(body);
        for (int i = 0; i < meetings.size(); i++) {
            if (meetingId.equals(meetings.getJsonObject(i).getString("meetingId"))) {
                return meetings.getJsonObject(i);
            }
        }
        return null;
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s", url).isEqualTo(200);
        return response.body();
    }

    private static double value(String metrics, String name) {
        return metrics.lines().filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }
}

package io.carillon.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.carillon.media.support.Platform;
import io.carillon.media.support.ToneFile;
import io.carillon.testkit.BrowserParticipant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.chimesdkmeetings.ChimeSdkMeetingsClient;
import software.amazon.awssdk.services.chimesdkmeetings.model.Attendee;
import software.amazon.awssdk.services.chimesdkmeetings.model.Meeting;

/**
 * Audio end to end with the unmodified amazon-chime-sdk-js in two headless Chromium browsers, each
 * with its own tone as microphone (alice 440 Hz, bob 1 kHz), through the built services on a real
 * Kafka broker: both start, each hears the other and not itself, the volume indicator shows the
 * other speaking, and muting alice takes her tone out of bob's audio.
 */
class BrowserAudioIT {

    static final int ALICE_HZ = 440;
    static final int BOB_HZ = 1000;

    private static Platform platform;
    private static Path tones;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(BrowserParticipant.chromium() != null,
                "Chromium is not installed (.ci/run installs Debian's chromium): browser tests skipped");
        BrowserParticipant.installHarness();
        tones = Files.createTempDirectory("carillon-tones");
        platform = Platform.shared();
    }

    @Test
    void each_browser_hears_the_other_and_not_itself_sees_who_speaks_and_mute_silences() throws Exception {
        ChimeSdkMeetingsClient chime = platform.chime();
        try (BrowserParticipant alice = BrowserParticipant.start("alice", ToneFile.write(tones, ALICE_HZ, 20));
                BrowserParticipant bob = BrowserParticipant.start("bob", ToneFile.write(tones, BOB_HZ, 20))) {
            Meeting meeting = platform.createMeeting("audio-test");
            Attendee a = platform.createAttendee(meeting, "alice");
            Attendee b = platform.createAttendee(meeting, "bob");

            alice.command(Platform.browserJoin(meeting, a, Map.of("volumeEvents", true, "logLevel", "INFO")));
            bob.command(Platform.browserJoin(meeting, b, Map.of("volumeEvents", true, "logLevel", "INFO")));
            alice.await(e -> "started".equals(e.path("event").asText()), "audioVideoDidStart", 30);
            bob.await(e -> "started".equals(e.path("event").asText()), "audioVideoDidStart", 30);

            alice.await(e -> isVolume(e, b.attendeeId()), "a volume indicator showing bob speaking", 20);
            bob.await(e -> isVolume(e, a.attendeeId()), "a volume indicator showing alice speaking", 20);

            Heard aliceHears = hear(alice);
            Heard bobHears = hear(bob);
            assertThat(aliceHears.level(BOB_HZ)).as("alice hears bob's tone (%s)", aliceHears)
                    .isGreaterThan(aliceHears.floor() + 25);
            assertThat(aliceHears.level(BOB_HZ) - aliceHears.level(ALICE_HZ)).as("alice does not hear herself (%s)", aliceHears)
                    .isGreaterThan(20);
            assertThat(bobHears.level(ALICE_HZ)).as("bob hears alice's tone (%s)", bobHears)
                    .isGreaterThan(bobHears.floor() + 25);
            assertThat(bobHears.level(ALICE_HZ) - bobHears.level(BOB_HZ)).as("bob does not hear himself (%s)", bobHears)
                    .isGreaterThan(20);

            alice.command(Map.of("cmd", "mute"));
            Thread.sleep(1500);
            Heard muted = hear(bob);
            assertThat(bobHears.level(ALICE_HZ) - muted.level(ALICE_HZ)).as("muting alice silences her for bob (%s, then %s)",
                    bobHears, muted).isGreaterThan(20);

            chime.deleteMeeting(r -> r.meetingId(meeting.meetingId()));
            for (BrowserParticipant participant : List.of(alice, bob)) {
                var stopped = participant.await(e -> "stopped".equals(e.path("event").asText()), "the session to stop", 20);
                assertThat(stopped.path("status").asText()).isEqualTo("MeetingEnded");
            }
        }
    }

    record Heard(Map<Integer, Double> levels, double floor) {
        double level(int hertz) {
            return levels.getOrDefault(hertz, -200.0);
        }
    }

    private static Heard hear(BrowserParticipant participant) {
        participant.command(Map.of("cmd", "hear", "frequencies", List.of(ALICE_HZ, BOB_HZ), "ms", 3000));
        JsonNode heard = participant.await(e -> "heard".equals(e.path("event").asText()), "what it hears", 20);
        Map<Integer, Double> levels = new LinkedHashMap<>();
        heard.path("levels").fields().forEachRemaining(f -> levels.put(Integer.parseInt(f.getKey()), f.getValue().asDouble()));
        return new Heard(levels, heard.path("floor").asDouble());
    }

    private static boolean isVolume(JsonNode e, String attendeeId) {
        return "volume".equals(e.path("event").asText()) && attendeeId.equals(e.path("attendeeId").asText())
                && e.path("volume").asDouble() > 0;
    }
}

package io.carillon.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.carillon.media.support.Coturn;
import io.carillon.media.support.Platform;
import io.carillon.media.support.ToneFile;
import io.carillon.testkit.BrowserParticipant;
import io.carillon.testkit.KafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.chimesdkmeetings.model.Attendee;
import software.amazon.awssdk.services.chimesdkmeetings.model.Meeting;

/**
 * TURN: with a TURN server configured, JOIN_ACK carries time-limited credentials and
 * amazon-chime-sdk-js forces relay; two headless Chromium browsers join through coturn on loopback
 * and hear each other.
 */
class BrowserTurnIT {

    static final String SECRET = "carillon-test-turn-secret";

    @Test
    void browsers_relayed_through_coturn_hear_each_other() throws Exception {
        assumeTrue(BrowserParticipant.chromium() != null, "Chromium is not installed: browser tests skipped");
        assumeTrue(Coturn.installed(), "coturn is not installed (.ci/run installs Debian's coturn): TURN test skipped");
        BrowserParticipant.installHarness();
        Path tones = Files.createTempDirectory("carillon-tones");
        Path aliceTone = ToneFile.write(tones, 440, 20);
        Path bobTone = ToneFile.write(tones, 1000, 20);
        KafkaBroker broker = KafkaBroker.fresh();
        try (Coturn coturn = Coturn.start(SECRET);
                Platform platform = Platform.start(broker, Map.of("carillon.signaling.turn.secret", SECRET,
                        "carillon.signaling.turn.uris", String.join(",", coturn.uris())));
                BrowserParticipant alice = BrowserParticipant.start("turn-alice", aliceTone);
                BrowserParticipant bob = BrowserParticipant.start("turn-bob", bobTone)) {
            Meeting meeting = platform.createMeeting("turn-test");
            Attendee a = platform.createAttendee(meeting, "alice");
            Attendee b = platform.createAttendee(meeting, "bob");
            alice.command(Platform.browserJoin(meeting, a, Map.of("logLevel", "INFO")));
            bob.command(Platform.browserJoin(meeting, b, Map.of("logLevel", "INFO")));
            alice.await(e -> "started".equals(e.path("event").asText()), "audioVideoDidStart through TURN", 40);
            bob.await(e -> "started".equals(e.path("event").asText()), "audioVideoDidStart through TURN", 40);

            Map<Integer, Double> aliceHears = hear(alice);
            Map<Integer, Double> bobHears = hear(bob);
            assertThat(aliceHears.get(1000) - aliceHears.get(440)).as("alice hears bob, not herself: %s", aliceHears).isGreaterThan(20);
            assertThat(bobHears.get(440) - bobHears.get(1000)).as("bob hears alice, not himself: %s", bobHears).isGreaterThan(20);
            assertThat(coturn.log()).as("the media went through coturn's relay").containsIgnoringCase("ALLOCATE processed, success");
        } finally {
            broker.stop();
        }
    }

    private static Map<Integer, Double> hear(BrowserParticipant participant) {
        participant.command(Map.of("cmd", "hear", "frequencies", List.of(440, 1000), "ms", 3000));
        JsonNode heard = participant.await(e -> "heard".equals(e.path("event").asText()), "what it hears", 20);
        Map<Integer, Double> levels = new LinkedHashMap<>();
        heard.path("levels").fields().forEachRemaining(f -> levels.put(Integer.parseInt(f.getKey()), f.getValue().asDouble()));
        return levels;
    }
}

package io.carillon.token;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.carillon.events.state.AttendeeRecord;
import io.carillon.events.state.Capabilities;
import io.carillon.events.state.JoinTokenRecord;
import io.carillon.events.state.MediaCapability;
import io.carillon.events.state.StateCodec;
import io.carillon.testkit.KafkaBroker;
import io.carillon.testkit.RealKafka;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The join-token API against a real broker: meetings and attendees come from
 * {@code carillon.meeting-state} as meeting-service writes them, tokens go through
 * {@code carillon.join-tokens}.
 */
@QuarkusTest
@TestProfile(RealKafka.class)
class JoinTokenApiTest {

    private static final String MINT = "/internal/v1/join-tokens";
    private static final String VALIDATE = "/internal/v1/join-tokens/validate";

    /** A deletion either revoked the token already or is seen when the validation catches up. */
    private static final Matcher<String> REVOKED = anyOf(containsString("revoked"), containsString("deleted"));

    /** Repetitions of a race the service must win every time. */
    private static final int ROUNDS = 20;

    private static ControlPlane controlPlane;

    @BeforeEach
    void serviceIsReady() {
        // The service creates the topics at start; the test writes to them only once it is ready.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().when().get("/q/health/ready").then().statusCode(200));
        if (controlPlane == null) {
            controlPlane = new ControlPlane(KafkaBroker.shared().bootstrapServers());
        }
    }

    @AfterAll
    static void closeControlPlane() {
        if (controlPlane != null) {
            controlPlane.close();
            controlPlane = null;
        }
    }

    @Test
    void a_token_validates_right_after_it_is_minted() {
        String meetingId = controlPlane.createMeeting();
        String attendeeId = controlPlane.createAttendee(meetingId, "alice", Capabilities.ALL);
        String token = mint(meetingId, attendeeId);

        validate(meetingId, token).statusCode(200)
                .body("meetingId", equalTo(meetingId))
                .body("attendeeId", equalTo(attendeeId))
                .body("externalUserId", equalTo("alice"))
                .body("$", hasKey("modality"))
                .body("modality", nullValue());
    }

    @Test
    void a_token_for_a_new_attendee_validates_once_its_record_is_written_every_time() {
        // meeting-service: token first, then the attendee's record with its hash, then the answer
        String meetingId = controlPlane.createMeeting();
        for (int round = 0; round < ROUNDS; round++) {
            var minted = given().contentType(ContentType.JSON).when().post(MINT + "/for-new-attendee")
                    .then().statusCode(201).header("Cache-Control", "no-store")
                    .body("joinToken", matchesPattern("[A-Za-z0-9_-]{43}"))
                    .extract().jsonPath();
            String token = minted.getString("joinToken");
            assertEquals(JoinTokens.hash(token), minted.getString("joinTokenHash"));
            validate(meetingId, token).statusCode(403); // no attendee carries it yet: it admits no one

            String attendeeId = controlPlane.createAttendeeWithToken(meetingId, "new-" + round, JoinTokens.hash(token));

            // no waiting: once Kafka has the record, the token validates (with its content share)
            validate(meetingId, token).statusCode(200).body("attendeeId", equalTo(attendeeId));
            validate(meetingId, token + "#content").statusCode(200).body("modality", equalTo("content"));
        }
    }

    @Test
    void a_token_kept_in_its_attendee_record_is_revoked_with_the_record_and_leaves_no_token_record() {
        String meetingId = controlPlane.createMeeting();
        String token = JoinTokens.generate();
        String hash = JoinTokens.hash(token);
        String attendeeId = controlPlane.createAttendeeWithToken(meetingId, "mallory", hash);
        validate(meetingId, token).statusCode(200);
        validate(controlPlane.createMeeting(), token).statusCode(403); // another meeting

        controlPlane.deleteAttendee(meetingId, attendeeId);

        validate(meetingId, token).statusCode(403).body("reason", REVOKED);
        assertTrue(controlPlane.joinTokenRecords().stream().noneMatch(r -> hash.equals(r.key())),
                "a token kept in its attendee record needs no record (nor tombstone) on the join-token topic");
    }

    @Test
    void a_validation_over_http2_is_answered_like_one_over_http1() throws Exception {
        // signaling-service's JDK HttpClient upgrades to h2c; a body read ahead must not break that
        String meetingId = controlPlane.createMeeting();
        String attendeeId = controlPlane.createAttendee(meetingId, "h2", Capabilities.ALL);
        String token = mint(meetingId, attendeeId);
        java.net.http.HttpClient http2 = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_2).build();
        for (int i = 0; i < 3; i++) { // the first request upgrades, the next ones are HTTP/2 frames
            var response = http2.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port + VALIDATE))
                    .header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                            "{\"meetingId\":\"" + meetingId + "\",\"joinToken\":\"" + token + "\"}"))
                    .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            assertTrue(response.body().contains(attendeeId));
        }
    }

    @Test
    void token_is_43_base64url_chars_without_padding() {
        String meetingId = controlPlane.createMeeting();
        String attendeeId = controlPlane.createAttendee(meetingId, "bob", Capabilities.ALL);

        given().contentType(ContentType.JSON).body(Map.of("meetingId", meetingId, "attendeeId", attendeeId))
                .when().post(MINT)
                .then().statusCode(201)
                .header("Cache-Control", "no-store")
                .body("joinToken", matchesPattern("[A-Za-z0-9_-]{43}"));
    }

    @Test
    void every_mint_gives_a_new_token_and_each_validates() {
        String meetingId = controlPlane.createMeeting();
        String attendeeId = controlPlane.createAttendee(meetingId, "carol", Capabilities.ALL);
        String first = mint(meetingId, attendeeId);
        String second = mint(meetingId, attendeeId);

        assertNotEquals(first, second, "a repeated mint for one attendee");
        validate(meetingId, first).statusCode(200).body("attendeeId", equalTo(attendeeId));
        validate(meetingId, second).statusCode(200).body("attendeeId", equalTo(attendeeId));
    }

    @Test
    void a_token_stored_by_another_instance_validates_at_once() {
        String meetingId = controlPlane.createMeeting();
        String attendeeId = controlPlane.createAttendee(meetingId, "dave", Capabilities.ALL);
        String token = JoinTokens.generate();
        controlPlane.storeJoinToken(JoinTokens.hash(token),
                new JoinTokenRecord(meetingId, attendeeId, System.currentTimeMillis()));

        validate(meetingId, token).statusCode(200).body("attendeeId", equalTo(attendeeId));
    }

    @Test
    void tokens_stored_by_another_instance_validate_at_once_every_time() {
        // Without the catch-up on a miss, some of these would race the projection and be refused.
        String meetingId = controlPlane.createMeeting();
        String attendeeId = controlPlane.createAttendee(meetingId, "dave", Capabilities.ALL);
        for (int round = 0; round < ROUNDS; round++) {
            String token = JoinTokens.generate();
            controlPlane.storeJoinToken(JoinTokens.hash(token),
                    new JoinTokenRecord(meetingId, attendeeId, System.currentTimeMillis()));
            validate(meetingId, token).statusCode(200);
        }
    }

    @Test
    void token_of_another_meeting_is_refused() {
        String meetingId = controlPlane.createMeeting();
        String otherMeetingId = controlPlane.createMeeting();
        String attendeeId = controlPlane.createAttendee(meetingId, "erin", Capabilities.ALL);
        String token = mint(meetingId, attendeeId);

        validate(otherMeetingId, token).statusCode(403).body("reason", containsString("another meeting"));
    }

    @Test
    void garbage_token_is_refused() {
        String meetingId = controlPlane.createMeeting();
        String attendeeId = controlPlane.createAttendee(meetingId, "frank", Capabilities.ALL);
        String token = mint(meetingId, attendeeId);
        List<String> garbage = List.of("", " ", "not a token", "#content", token + "#screen", token + "x",
                token.substring(1), token.substring(0, 42) + "/", token.substring(0, 42) + "=", "x".repeat(3000),
                JoinTokens.generate());

        for (String presented : garbage) {
            validate(meetingId, presented).statusCode(403).body("reason", notNullValue());
        }
    }

    @Test
    void token_of_an_attendee_that_does_not_exist_is_refused() {
        String meetingId = controlPlane.createMeeting();
        String token = mint(meetingId, "no-such-attendee");

        validate(meetingId, token).statusCode(403).body("reason", containsString("attendee"));
    }

    @Test
    void deleted_attendee_token_is_refused() {
        String meetingId = controlPlane.createMeeting();
        String attendeeId = controlPlane.createAttendee(meetingId, "grace", Capabilities.ALL);
        String token = mint(meetingId, attendeeId);
        validate(meetingId, token).statusCode(200);

        controlPlane.deleteAttendee(meetingId, attendeeId);

        // No waiting: once Kafka has the deletion, the next validation must see it.
        validate(meetingId, token).statusCode(403).body("reason", REVOKED);
        validate(meetingId, token + "#content").statusCode(403).body("reason", REVOKED);
    }

    @Test
    void an_acknowledged_deletion_refuses_the_next_validation_every_time() {
        // Without the catch-up before answering, some of these would race the projection and pass.
        String meetingId = controlPlane.createMeeting();
        for (int round = 0; round < ROUNDS; round++) {
            String attendeeId = controlPlane.createAttendee(meetingId, "round-" + round, Capabilities.ALL);
            String token = mint(meetingId, attendeeId);
            controlPlane.deleteAttendee(meetingId, attendeeId);
            validate(meetingId, token).statusCode(403);
        }
    }

    @Test
    void deleted_meeting_tokens_are_refused() {
        String meetingId = controlPlane.createMeeting();
        String first = mint(meetingId, controlPlane.createAttendee(meetingId, "heidi", Capabilities.ALL));
        String second = mint(meetingId, controlPlane.createAttendee(meetingId, "ivan", Capabilities.ALL));
        validate(meetingId, first).statusCode(200);

        controlPlane.deleteMeeting(meetingId);

        validate(meetingId, first).statusCode(403).body("reason", REVOKED);
        validate(meetingId, second).statusCode(403).body("reason", REVOKED);
    }

    @Test
    void tokens_of_a_deleted_attendee_are_tombstoned_on_the_join_token_topic() {
        String meetingId = controlPlane.createMeeting();
        String attendeeId = controlPlane.createAttendee(meetingId, "judy", Capabilities.ALL);
        String hash = JoinTokens.hash(mint(meetingId, attendeeId));

        controlPlane.deleteAttendee(meetingId, attendeeId);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Optional<ConsumerRecord<String, byte[]>> latest = latestRecordOf(hash);
            assertTrue(latest.isPresent(), "a record of the token on the topic");
            assertNull(latest.get().value(), "the token's latest record should be a tombstone");
        });
    }

    @Test
    void content_suffix_validates_as_the_same_attendee_with_content_modality() {
        String meetingId = controlPlane.createMeeting();
        String attendeeId = controlPlane.createAttendee(meetingId, "ken", Capabilities.ALL);
        String token = mint(meetingId, attendeeId);

        validate(meetingId, token + "#content").statusCode(200)
                .body("meetingId", equalTo(meetingId))
                .body("attendeeId", equalTo(attendeeId))
                .body("externalUserId", equalTo("ken"))
                .body("modality", equalTo("content"));
    }

    @Test
    void only_the_hash_reaches_kafka() {
        String meetingId = controlPlane.createMeeting();
        String attendeeId = controlPlane.createAttendee(meetingId, "leo", Capabilities.ALL);
        String token = mint(meetingId, attendeeId);
        String hash = JoinTokens.hash(token);

        List<ConsumerRecord<String, byte[]>> records = controlPlane.joinTokenRecords();

        ConsumerRecord<String, byte[]> stored = records.stream().filter(r -> hash.equals(r.key())).findFirst()
                .orElseThrow(() -> new AssertionError("no record keyed by the token's SHA-256 on the topic"));
        JoinTokenRecord value = StateCodec.decode(stored.value(), JoinTokenRecord.class);
        assertEquals(meetingId, value.meetingId());
        assertEquals(attendeeId, value.attendeeId());
        for (ConsumerRecord<String, byte[]> record : records) {
            assertFalse(record.key() != null && record.key().contains(token), "the token in a record key");
            assertFalse(record.value() != null && new String(record.value(), StandardCharsets.UTF_8).contains(token),
                    "the token in a record value");
        }
    }

    @Test
    void capabilities_come_from_the_attendee_record() {
        String meetingId = controlPlane.createMeeting();
        Capabilities capabilities = new Capabilities(MediaCapability.Send, MediaCapability.None,
                MediaCapability.Receive);
        String attendeeId = controlPlane.createAttendee(meetingId, "mallory", capabilities);
        String token = mint(meetingId, attendeeId);

        validate(meetingId, token).statusCode(200)
                .body("capabilities.audio", equalTo("Send"))
                .body("capabilities.video", equalTo("None"))
                .body("capabilities.content", equalTo("Receive"));
    }

    @Test
    void updated_capabilities_apply_to_the_next_validation() {
        String meetingId = controlPlane.createMeeting();
        String attendeeId = controlPlane.createAttendee(meetingId, "nina", Capabilities.ALL);
        String token = mint(meetingId, attendeeId);

        controlPlane.putAttendee(new AttendeeRecord(meetingId, attendeeId, "nina",
                new Capabilities(MediaCapability.Receive, MediaCapability.Receive, MediaCapability.None), 0));

        validate(meetingId, token).statusCode(200)
                .body("capabilities.audio", equalTo("Receive"))
                .body("capabilities.content", equalTo("None"));
    }

    @Test
    void malformed_requests_get_400_not_500() {
        List<String> mintBodies = List.of("", "null", "not json", "{", "[]", "{}", "42",
                "{\"meetingId\":\"m\"}", "{\"attendeeId\":\"a\"}", "{\"meetingId\":\" \",\"attendeeId\":\"a\"}",
                "{\"meetingId\":{},\"attendeeId\":\"a\"}", "{\"meetingId\":\"m/1\",\"attendeeId\":\"a\"}",
                "{\"meetingId\":\"" + "m".repeat(300) + "\",\"attendeeId\":\"a\"}");
        for (String body : mintBodies) {
            post(MINT, body).statusCode(400).body("reason", notNullValue());
        }
        List<String> validateBodies = List.of("", "null", "not json", "{", "[]", "{}",
                "{\"meetingId\":\"m\"}", "{\"joinToken\":\"t\"}", "{\"meetingId\":\"m\",\"joinToken\":[]}",
                "{\"meetingId\":\"\",\"joinToken\":\"t\"}");
        for (String body : validateBodies) {
            post(VALIDATE, body).statusCode(400).body("reason", notNullValue());
        }
        given().when().get(MINT).then().statusCode(405);
        given().contentType(ContentType.TEXT).body("x").when().post(VALIDATE).then().statusCode(415);
    }

    @Test
    void refusals_do_not_echo_the_token() {
        String token = JoinTokens.generate();
        validate("some-meeting", token).statusCode(403).body("reason", not(containsString(token)));
        post(VALIDATE, "{\"meetingId\":\"m\",\"joinToken\":\"" + token + "\"").statusCode(400)
                .body("reason", not(containsString(token)));
    }

    private static String mint(String meetingId, String attendeeId) {
        return given().contentType(ContentType.JSON).body(Map.of("meetingId", meetingId, "attendeeId", attendeeId))
                .when().post(MINT)
                .then().statusCode(201)
                .extract().path("joinToken");
    }

    private static ValidatableResponse validate(String meetingId, String joinToken) {
        return given().contentType(ContentType.JSON).body(Map.of("meetingId", meetingId, "joinToken", joinToken))
                .when().post(VALIDATE)
                .then();
    }

    private static ValidatableResponse post(String path, String body) {
        return given().contentType(ContentType.JSON).body(body).when().post(path).then().log().ifValidationFails();
    }

    private static Optional<ConsumerRecord<String, byte[]>> latestRecordOf(String hash) {
        return controlPlane.joinTokenRecords().stream().filter(r -> hash.equals(r.key()))
                .reduce((earlier, later) -> later);
    }
}

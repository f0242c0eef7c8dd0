package io.carillon.meeting;

import static io.carillon.meeting.support.SignedRequests.signed;
import static io.carillon.meeting.support.SignedRequests.signedAt;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;

import io.carillon.meeting.support.SignedRequests;
import io.carillon.meeting.support.WithTokenService;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The details of the wire that the SDKs depend on, checked with plain HTTP. */
@QuarkusTest
@TestProfile(WithTokenService.class)
class WireFormatTest {

    private static final String GUID = "[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}";

    private static String createMeetingBody() {
        return "{\"ClientRequestToken\":\"" + UUID.randomUUID() + "\",\"MediaRegion\":\"us-east-1\",\"ExternalMeetingId\":\"wire\"}";
    }

    @Test
    void create_meeting_answers_chime_json_with_a_request_id() {
        signed("POST", "/meetings", createMeetingBody())
                .when().post("/meetings")
                .then().statusCode(200)
                .header("x-amzn-RequestId", notNullValue())
                .body("Meeting.MeetingId", matchesPattern(GUID))
                .body("Meeting.MediaPlacement.SignalingUrl", containsString("/control/"))
                .body("Meeting.MeetingFeatures.Attendee.MaxCount", equalTo(250));
    }

    @Test
    void errors_carry_the_error_type_header_and_code_message_request_id() {
        String id = UUID.randomUUID().toString();
        signed("GET", "/meetings/" + id, null)
                .when().get("/meetings/" + id)
                .then().statusCode(404)
                .header("x-amzn-ErrorType", "NotFoundException")
                .header("x-amzn-RequestId", notNullValue())
                .body("Code", equalTo("NotFoundException"))
                .body("Message", containsString(id))
                .body("RequestId", notNullValue());
    }

    @Test
    void an_unsigned_request_is_unauthorized() {
        given().when().get("/meetings/" + UUID.randomUUID())
                .then().statusCode(401).header("x-amzn-ErrorType", "UnauthorizedException");
    }

    @Test
    void a_request_signed_outside_the_clock_skew_is_forbidden() {
        String id = UUID.randomUUID().toString();
        signedAt("GET", "/meetings/" + id, null, Instant.now().minus(Duration.ofMinutes(16)), SignedRequests.SECRET_KEY)
                .when().get("/meetings/" + id)
                .then().statusCode(403).header("x-amzn-ErrorType", "ForbiddenException")
                .body("Message", containsString("Signature expired"));
    }

    @Test
    void a_body_changed_after_signing_is_forbidden() {
        signed("POST", "/meetings", createMeetingBody())
                .body("{\"ClientRequestToken\":\"tampered\",\"MediaRegion\":\"us-east-1\",\"ExternalMeetingId\":\"wire\"}")
                .when().post("/meetings")
                .then().statusCode(403).header("x-amzn-ErrorType", "ForbiddenException");
    }

    @Test
    void malformed_json_is_a_bad_request() {
        signed("POST", "/meetings", "{\"ClientRequestToken\": ")
                .when().post("/meetings")
                .then().statusCode(400).header("x-amzn-ErrorType", "BadRequestException")
                .body("Message", containsString("JSON"));
    }

    @Test
    void a_missing_required_field_is_named() {
        signed("POST", "/meetings", "{\"ClientRequestToken\":\"abc-123\",\"MediaRegion\":\"us-east-1\"}")
                .when().post("/meetings")
                .then().statusCode(400).body("Message", containsString("ExternalMeetingId"));
    }

    @Test
    void an_unknown_operation_is_a_bad_request() {
        signed("POST", "/meetings?operation=explode", createMeetingBody())
                .when().post("/meetings?operation=explode")
                .then().statusCode(400).body("Code", equalTo("BadRequestException"))
                .body("Message", containsString("explode"));
    }

    @Test
    void a_wrong_method_gets_a_chime_shaped_error() {
        signed("PATCH", "/meetings", null)
                .when().patch("/meetings")
                .then().statusCode(400).header("x-amzn-ErrorType", "BadRequestException");
    }

    @Test
    void an_unknown_path_gets_a_chime_shaped_error() {
        signed("GET", "/nothing-here", null)
                .when().get("/nothing-here")
                .then().statusCode(404).header("x-amzn-ErrorType", "NotFoundException");
    }

    @Test
    void an_oversized_body_is_a_bad_request() {
        String big = "{\"ExternalMeetingId\":\"" + "x".repeat(70_000) + "\"}";
        signed("POST", "/meetings", big)
                .when().post("/meetings")
                .then().statusCode(400).body("Message", containsString("larger than"));
    }

    @Test
    void wrongly_typed_fields_are_bad_requests_not_failures() {
        signed("POST", "/meetings", "{\"ClientRequestToken\":[1,2],\"MediaRegion\":{},\"ExternalMeetingId\":true}")
                .when().post("/meetings")
                .then().statusCode(400).header("x-amzn-ErrorType", "BadRequestException");
        signed("POST", "/meetings", "[]")
                .when().post("/meetings")
                .then().statusCode(400);
        signed("POST", "/meetings", "null")
                .when().post("/meetings")
                .then().statusCode(400);
    }

    @Test
    void list_attendees_checks_max_results() {
        String meetingId = signed("POST", "/meetings", createMeetingBody()).when().post("/meetings")
                .then().statusCode(200).extract().path("Meeting.MeetingId");
        String path = "/meetings/" + meetingId + "/attendees?max-results=0";
        signed("GET", path, null).when().get(path)
                .then().statusCode(400).body("Message", containsString("max-results"));
    }
}

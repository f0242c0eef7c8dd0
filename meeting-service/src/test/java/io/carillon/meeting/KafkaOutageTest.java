package io.carillon.meeting;

import static io.carillon.meeting.support.SignedRequests.signed;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.carillon.meeting.support.PrivateBroker;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Without Kafka nothing is acknowledged: 503 with Retry-After, and nothing acknowledged is lost. */
@QuarkusTest
@TestProfile(PrivateBroker.class)
class KafkaOutageTest {

    private static String createMeetingBody() {
        return "{\"ClientRequestToken\":\"" + UUID.randomUUID() + "\",\"MediaRegion\":\"us-east-1\",\"ExternalMeetingId\":\"outage\"}";
    }

    @Test
    void writes_answer_503_with_retry_after_while_kafka_is_down_and_everything_acknowledged_survives() {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().when().get("/q/health/ready").then().statusCode(200));
        String before = signed("POST", "/meetings", createMeetingBody()).when().post("/meetings")
                .then().statusCode(200).extract().path("Meeting.MeetingId");

        PrivateBroker.broker().stop();
        try {
            signed("POST", "/meetings", createMeetingBody()).when().post("/meetings")
                    .then().statusCode(503)
                    .header("x-amzn-ErrorType", "ServiceUnavailableException")
                    .header("Retry-After", "1")
                    .body("Code", equalTo("ServiceUnavailableException"));
            given().when().get("/q/health/ready").then().statusCode(503);
        } finally {
            PrivateBroker.broker().start();
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                signed("POST", "/meetings", createMeetingBody()).when().post("/meetings").then().statusCode(200));
        signed("GET", "/meetings/" + before, null).when().get("/meetings/" + before)
                .then().statusCode(200).body("Meeting.MeetingId", equalTo(before));
    }
}

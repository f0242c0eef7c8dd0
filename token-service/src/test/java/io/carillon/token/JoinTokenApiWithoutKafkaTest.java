package io.carillon.token;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.notNullValue;

import io.carillon.testkit.UnreachableKafka;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** While Kafka cannot confirm or serve, the token API says so (503, retry in a second), never 500 or 403. */
@QuarkusTest
@TestProfile(UnreachableKafka.class)
class JoinTokenApiWithoutKafkaTest {

    @Test
    void minting_without_kafka_answers_503_with_retry_after() {
        given().contentType(ContentType.JSON).body(Map.of("meetingId", "m", "attendeeId", "a"))
                .when().post("/internal/v1/join-tokens")
                .then().statusCode(503)
                .header("Retry-After", "1")
                .body("reason", notNullValue());
    }

    @Test
    void validating_without_kafka_answers_503_with_retry_after() {
        given().contentType(ContentType.JSON).body(Map.of("meetingId", "m", "joinToken", JoinTokens.generate()))
                .when().post("/internal/v1/join-tokens/validate")
                .then().statusCode(503)
                .header("Retry-After", "1")
                .body("reason", notNullValue());
    }
}

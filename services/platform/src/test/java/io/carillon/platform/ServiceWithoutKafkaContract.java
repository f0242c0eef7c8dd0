package io.carillon.platform;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import org.junit.jupiter.api.Test;

/**
 * What every Carillon service does when its broker cannot be reached: it starts, stays live, and
 * says it is not ready, naming Kafka. A service's test extends this with
 * {@code @QuarkusTest @TestProfile(UnreachableKafka.class)}.
 */
public abstract class ServiceWithoutKafkaContract {

    @Test
    public void stays_live_but_is_not_ready_and_names_kafka() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/health/ready").then().statusCode(503)
                .body("status", equalTo("DOWN"))
                .body("checks.findAll { it.status == 'DOWN' }.name", hasItem("Kafka"));
    }
}

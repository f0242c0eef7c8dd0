package io.carillon.platform;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.carillon.events.TopicSpec;
import io.carillon.events.Topics;
import io.carillon.testkit.KafkaBroker;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;

/**
 * What every Carillon service does against a real broker: it becomes ready, it has created the
 * topics of the event contracts, and it exposes Prometheus metrics. A service's test extends
 * this with {@code @QuarkusTest @TestProfile(RealKafka.class)}.
 */
public abstract class ServiceOnRealKafkaContract {

    @Test
    public void is_live_and_becomes_ready_once_kafka_answers() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP")));
    }

    @Test
    public void creates_the_event_contract_topics_with_their_partitions() throws Exception {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().when().get("/q/health/ready").then().statusCode(200));
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", KafkaBroker.shared().bootstrapServers()))) {
            Map<String, TopicDescription> topics = admin
                    .describeTopics(Topics.all().stream().map(TopicSpec::name).toList())
                    .allTopicNames().get(10, TimeUnit.SECONDS);
            for (TopicSpec spec : Topics.all()) {
                assertEquals(spec.partitions(), topics.get(spec.name()).partitions().size(),
                        "partitions of " + spec.name());
            }
        }
    }

    @Test
    public void exposes_prometheus_metrics() {
        given().when().get("/q/metrics").then().statusCode(200)
                .contentType(anyOf(containsString("text/plain"), containsString("openmetrics-text")))
                .body(containsString("jvm_memory_used_bytes"), containsString("http_server_"));
    }
}

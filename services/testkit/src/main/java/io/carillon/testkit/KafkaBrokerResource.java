package io.carillon.testkit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Points a Quarkus test at the test JVM's real Kafka broker ({@link KafkaBroker#shared()}). */
public class KafkaBrokerResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("kafka.bootstrap.servers", KafkaBroker.shared().bootstrapServers());
    }

    @Override
    public void stop() {
        // The broker lives as long as the test JVM: other test classes reuse it.
    }
}

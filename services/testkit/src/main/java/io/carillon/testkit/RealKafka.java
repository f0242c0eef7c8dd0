package io.carillon.testkit;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;

/** Test profile: the service runs against the test JVM's real Kafka broker. */
public class RealKafka implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(KafkaBrokerResource.class));
    }
}

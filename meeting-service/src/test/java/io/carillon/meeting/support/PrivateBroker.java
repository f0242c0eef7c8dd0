package io.carillon.meeting.support;

import io.carillon.testkit.KafkaBroker;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/** Test profile: meeting-service on a broker of its own, which the test may stop and start. */
public class PrivateBroker implements QuarkusTestProfile {

    private static KafkaBroker broker;

    public static synchronized KafkaBroker broker() {
        if (broker == null) {
            broker = KafkaBroker.fresh();
        }
        return broker;
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(Resource.class));
    }

    public static class Resource implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            return Map.of("kafka.bootstrap.servers", broker().bootstrapServers());
        }

        @Override
        public void stop() {
            broker().stop();
        }
    }
}

package io.carillon.meeting.support;

import io.carillon.testkit.KafkaBroker;
import io.carillon.testkit.ServiceProcess;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/**
 * Test profile: meeting-service against the real broker and a real token-service (its built jar,
 * in a child JVM), as it runs in production.
 */
public class WithTokenService implements QuarkusTestProfile {

    private static ServiceProcess tokenService;

    /** The token-service this test JVM runs (started with the first test that needs it). */
    public static synchronized ServiceProcess tokenService() {
        if (tokenService == null) {
            tokenService = ServiceProcess.start("token-service",
                    Map.of("kafka.bootstrap.servers", KafkaBroker.shared().bootstrapServers()));
        }
        return tokenService;
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(Resource.class));
    }

    public static class Resource implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            return Map.of("kafka.bootstrap.servers", KafkaBroker.shared().bootstrapServers(),
                    "carillon.meeting.token-service-url", tokenService().url());
        }

        @Override
        public void stop() {
            // both live as long as the test JVM
        }
    }
}

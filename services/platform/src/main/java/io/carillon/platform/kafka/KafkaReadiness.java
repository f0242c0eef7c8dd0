package io.carillon.platform.kafka;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while the broker answers within a short time, the service's topics exist and its state
 * has been loaded from them. (Quarkus's
 * own Kafka check waits a full minute on an unreachable broker, longer than any probe.)
 */
@Readiness
@ApplicationScoped
public class KafkaReadiness implements HealthCheck {

    static final String NAME = "Kafka";
    private static final int TIMEOUT_MS = 2000;

    @Inject
    KafkaAdmin kafka;
    @Inject
    TopicProvisioner topics;
    @Inject
    Projections projections;

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named(NAME);
        try {
            String clusterId = kafka.admin().describeCluster(new DescribeClusterOptions().timeoutMs(TIMEOUT_MS))
                    .clusterId().get(TIMEOUT_MS + 500L, TimeUnit.MILLISECONDS);
            response.withData("cluster", clusterId);
        } catch (Exception e) {
            return response.down().withData("error", "broker unreachable: " + rootMessage(e)).build();
        }
        if (!topics.provisioned()) {
            return response.down().withData("error", "topics not created yet: " + topics.lastError()).build();
        }
        var loading = projections.loading();
        if (!loading.isEmpty()) {
            return response.down().withData("error", "state still loading from " + loading).build();
        }
        return response.up().build();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.toString();
    }
}

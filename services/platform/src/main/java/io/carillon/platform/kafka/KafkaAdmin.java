package io.carillon.platform.kafka;

import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** The service's one Kafka admin client, built from the {@code kafka.*} configuration. */
@ApplicationScoped
public class KafkaAdmin {

    private final Admin admin;

    @Inject
    public KafkaAdmin(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        Map<String, Object> config = new HashMap<>();
        kafkaConfig.forEach((key, value) -> {
            if (AdminClientConfig.configNames().contains(key)) {
                config.put(key, value);
            }
        });
        config.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "carillon-admin");
        this.admin = Admin.create(config);
    }

    public Admin admin() {
        return admin;
    }

    @PreDestroy
    void close() {
        // Admin.close() without a timeout waits for calls in flight for as long as they take.
        admin.close(Duration.ofSeconds(2));
    }
}

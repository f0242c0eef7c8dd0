package io.carillon.platform.kafka;

import io.carillon.events.TopicSpec;
import io.carillon.events.Topics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jboss.logging.Logger;

/**
 * Creates the topics of the event contracts ({@link Topics#all()}) that the broker lacks, with
 * their partitions and configs, and warns of existing topics whose configs differ from them. It runs beside start-up rather than in it: a service
 * whose broker is down still starts, reports not-ready, and finishes the job once Kafka is back.
 */
@ApplicationScoped
public class TopicProvisioner {

    private static final Logger LOG = Logger.getLogger(TopicProvisioner.class);

    private final KafkaAdmin kafka;
    private final KafkaTopicsConfig config;
    private volatile boolean provisioned;
    private volatile String lastError = "not tried yet";
    private volatile Thread worker;

    @Inject
    public TopicProvisioner(KafkaAdmin kafka, KafkaTopicsConfig config) {
        this.kafka = kafka;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        worker = new Thread(this::provisionUntilDone, "kafka-topic-provisioner");
        worker.setDaemon(true);
        worker.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        Thread running = worker;
        if (running != null) {
            running.interrupt();
        }
    }

    public boolean provisioned() {
        return provisioned;
    }

    public String lastError() {
        return lastError;
    }

    private void provisionUntilDone() {
        Duration backoff = config.retryBackoff();
        Admin admin = kafka.admin();
        try {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    createMissing(admin, Topics.all());
                    warnOfDifferentConfigs(admin, Topics.all());
                    provisioned = true;
                    LOG.infof("Kafka topics ready: %s", Topics.all().stream().map(TopicSpec::name).toList());
                    return;
                } catch (ExecutionException | java.util.concurrent.TimeoutException | RuntimeException e) {
                    lastError = e.getCause() != null ? e.getCause().toString() : e.toString();
                    LOG.warnf("Kafka topics not provisioned yet (%s); retrying in %s", lastError, backoff);
                    TimeUnit.MILLISECONDS.sleep(backoff.toMillis());
                    backoff = min(backoff.multipliedBy(2), config.retryBackoff().multipliedBy(10));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void createMissing(Admin admin, List<TopicSpec> specs)
            throws ExecutionException, InterruptedException, java.util.concurrent.TimeoutException {
        Set<String> existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
        List<NewTopic> missing = specs.stream()
                .filter(spec -> !existing.contains(spec.name()))
                .map(spec -> new NewTopic(spec.name(), Optional.of(spec.partitions()),
                        Optional.of(config.replicationFactor())).configs(spec.config()))
                .toList();
        if (missing.isEmpty()) {
            return;
        }
        try {
            admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            LOG.infof("Created Kafka topics %s", missing.stream().map(NewTopic::name).toList());
        } catch (ExecutionException e) {
            // another service instance created it first
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    /**
     * Topics made before a contract changed keep their old settings: this names each difference in
     * the log, with the command that fixes it. It changes nothing itself, because where a topic
     * operator (Strimzi) owns the topics a change from here would be undone, and a service may lack
     * the right to alter configs. A broker that does not answer is not a reason to stay not-ready.
     */
    private static void warnOfDifferentConfigs(Admin admin, List<TopicSpec> specs) {
        List<ConfigResource> resources = specs.stream()
                .map(spec -> new ConfigResource(ConfigResource.Type.TOPIC, spec.name())).toList();
        Map<ConfigResource, Config> actual;
        try {
            actual = admin.describeConfigs(resources).all().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | java.util.concurrent.TimeoutException | RuntimeException e) {
            LOG.debugf("topic configs not checked: %s", e.toString());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        for (TopicSpec spec : specs) {
            Config config = actual.get(new ConfigResource(ConfigResource.Type.TOPIC, spec.name()));
            if (config == null) {
                continue;
            }
            spec.config().forEach((key, expected) -> {
                ConfigEntry entry = config.get(key);
                String value = entry == null ? null : entry.value();
                if (!expected.equals(value)) {
                    LOG.warnf("Kafka topic %s has %s=%s, Carillon expects %s; set it with: kafka-configs.sh --alter "
                            + "--entity-type topics --entity-name %s --add-config %s=%s", spec.name(), key, value, expected,
                            spec.name(), key, expected);
                }
            });
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}

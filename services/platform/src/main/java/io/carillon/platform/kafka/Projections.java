package io.carillon.platform.kafka;

import io.carillon.events.TopicSpec;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The service's topic projections: made with the service's Kafka settings, started here, closed on
 * shutdown, and reported by readiness while they load.
 */
@ApplicationScoped
public class Projections {

    private final List<TopicProjection> all = new CopyOnWriteArrayList<>();

    @Inject
    KafkaAdmin kafka;
    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    /** A projection of the whole topic, from its beginning (state); not started yet. */
    public TopicProjection of(TopicSpec topic, TopicProjection.Applier applier) {
        return new TopicProjection(topic.name(), kafkaConfig, kafka.admin(), applier);
    }

    /** A projection of the whole topic that may trail it by up to maxLag under load ({@link TopicProjection#batched}). */
    public TopicProjection batched(TopicSpec topic, TopicProjection.Applier applier, Duration maxLag) {
        return TopicProjection.batched(topic.name(), kafkaConfig, kafka.admin(), applier, maxLag);
    }

    /** Follows the whole topic from its beginning: for state. */
    public TopicProjection follow(TopicSpec topic, TopicProjection.Applier applier) {
        return start(of(topic, applier));
    }

    /** Follows what is appended from now on: for notifications. */
    public TopicProjection followNewRecords(TopicSpec topic, TopicProjection.Applier applier) {
        return start(TopicProjection.fromNowOn(topic.name(), kafkaConfig, kafka.admin(), applier));
    }

    public TopicProjection start(TopicProjection projection) {
        all.add(projection);
        projection.start();
        return projection;
    }

    /** The topics whose state is not loaded yet. */
    public List<String> loading() {
        return all.stream().filter(p -> !p.ready()).map(TopicProjection::topic).toList();
    }

    @PreDestroy
    void close() {
        all.forEach(TopicProjection::close);
    }
}

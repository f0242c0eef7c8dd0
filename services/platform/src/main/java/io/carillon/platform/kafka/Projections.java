package io.carillon.platform.kafka;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The service's topic projections: started here, closed on shutdown, reported by readiness. */
@ApplicationScoped
public class Projections {

    private final List<TopicProjection> all = new CopyOnWriteArrayList<>();

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

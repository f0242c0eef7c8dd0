package io.carillon.token;

import io.carillon.events.Topics;
import io.carillon.platform.kafka.DurableLog;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Writes tombstones for the join tokens of deleted attendees, so that compaction removes them from
 * {@code carillon.join-tokens}. It runs off the projection thread, because a Kafka write may block
 * for seconds and deletions must keep being applied meanwhile. A failed tombstone only leaves a
 * dead record behind (its token is refused anyway, its attendee being gone): logged, not retried.
 */
@ApplicationScoped
public class Revocations {

    private static final Logger LOG = Logger.getLogger(Revocations.class);

    private final DurableLog log;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "join-token-revocations");
        thread.setDaemon(true);
        return thread;
    });

    @Inject
    public Revocations(DurableLog log) {
        this.log = log;
    }

    void tombstone(List<String> hashes) {
        if (hashes.isEmpty()) {
            return;
        }
        try {
            writer.execute(() -> write(hashes));
        } catch (RejectedExecutionException shuttingDown) {
            LOG.debugf("Shutting down: %d join-token tombstones not written", hashes.size());
        }
    }

    private void write(List<String> hashes) {
        int failed = 0;
        RuntimeException last = null;
        for (String hash : hashes) {
            try {
                log.append(Topics.JOIN_TOKENS.name(), hash, null);
            } catch (RuntimeException e) {
                failed++;
                last = e;
            }
        }
        if (failed > 0) {
            LOG.warnf("%d of %d join-token tombstones not written (%s); compaction keeps those dead records",
                    failed, hashes.size(), last.getMessage());
        }
    }

    @PreDestroy
    void close() {
        writer.shutdown();
        try {
            writer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

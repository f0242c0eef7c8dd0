package io.carillon.signaling.session;

import io.carillon.signaling.SignalingConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Closes sessions that have sent nothing for {@code idle-timeout} (the Chime client pings every
 * 10 s, so a silent one is gone): they count as dropped. Together with TCP noticing a closed
 * socket at once, a lost connection is reported within idle-timeout + 5 s.
 */
@ApplicationScoped
public class IdleSessions {

    @Inject
    LocalSessions sessions;
    @Inject
    SignalingConfig config;

    private ScheduledExecutorService timer;

    void onStart(@Observes StartupEvent event) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "idle-sessions"));
        timer.scheduleWithFixedDelay(this::closeIdle, 5, 5, TimeUnit.SECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    void closeIdle() {
        long cutoff = System.currentTimeMillis() - config.idleTimeout().toMillis();
        for (SignalingSession session : sessions.all()) {
            if (session.lastFrameAt() < cutoff) {
                session.close(SignalingSession.CLOSE_IDLE, "idle timeout");
            }
        }
    }
}
